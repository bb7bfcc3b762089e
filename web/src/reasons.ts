// The server names what is wrong with a field in English, never with its
// value; the interface says it in plain words in the user's language.
import { t } from "./i18n";

const patterns: [RegExp, string][] = [
  [/^required/, "reason.required"],
  [/^must not be empty|^must be a non-empty string/, "reason.required"],
  [/^must be a date/, "reason.date"],
  [/^must be a whole number/, "reason.wholeNumber"],
  [/^must be a number/, "reason.number"],
  [/^must be at least (.+)$/, "reason.atLeast"],
  [/^must be at most (.+)$/, "reason.atMost"],
  [/^must not be before (.+)$/, "reason.notBefore"],
  [/^must be one of|^is not one of the values/, "reason.oneOf"],
  [/^is not a valid BSN/, "reason.bsn"],
  [/^must be a country code/, "reason.country"],
  [/^must hold language codes/, "reason.languages"],
  [/^must be a Dutch postcode/, "reason.postcode"],
  [/^must be a period/, "reason.period"],
  [/^unknown field|^unknown attribute/, "reason.unknownField"],
  [/^is not a (\w+) the catalogue knows/, "reason.unknownCode"],
  [/^refers to|^no such|reference/, "reason.reference"],
  [/already exists|exists/, "reason.exists"],
];

export function reasonText(reason: string): string {
  for (const [re, key] of patterns) {
    const m = re.exec(reason);
    if (m) return t(key, { value: m[1] ?? "" });
  }
  return t("reason.other", { reason });
}
