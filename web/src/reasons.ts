// The server names what is wrong with a field in English, never with its
// value; the interface says it in plain words in the user's language.
import { t, textOf } from "./i18n";

const patterns: [RegExp, string][] = [
  [/^must be your organisation/, "reason.ownOrganisation"],
  [/^required/, "reason.required"],
  [/^must be true or false/, "reason.bool"],
  [/^must be a list of texts|^must be a list/, "reason.list"],
  [/^is longer than ([\d,.]+) characters/, "reason.tooLong"],
  [/^must not hold control characters|^must not hold characters that change/, "reason.characters"],
  [/^must not begin or end with a space/, "reason.spaces"],
  [/^must not be empty|^must be a non-empty string/, "reason.required"],
  [/^must be a date/, "reason.date"],
  [/^must be a whole number of working days from (\d+) to (\d+)/, "reason.workingDays"],
  [/^must be a whole number/, "reason.wholeNumber"],
  [/^must be a string/, "reason.text"],
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

// `values`: the allowed values of the field with their labels (from the
// catalogue), named when a value is not one of them.
export function reasonText(reason: string, values?: { code: string; label: string }[]): string {
  for (const [re, key] of patterns) {
    const m = re.exec(reason);
    if (!m) continue;
    if (key === "reason.oneOf" && values?.length) return t("reason.chooseOne", { values: values.map((v) => v.label).join(", ") });
    return textOf(key, { value: m[1] ?? "", max: m[2] ?? "" });
  }
  // A reason Grip has no words for yet: said plainly, without the server's English.
  return t("reason.unknown");
}

// The reasons of casework (a refused step, a refused join of the covenant):
// the server names the field (an input, `transition`, `role`, `linked`,
// `version`, `organisation`) and says why in English; the interface says it
// in plain words. `labels` turns codes (activity types) into their names.
const casePatterns: [RegExp, string][] = [
  [/is required for this step$/, "caseReason.required"],
  [/must be a date/, "reason.date"],
  [/must be one of/, "reason.oneOf"],
  [/must be text$/, "caseReason.text"],
  [/is longer than 20,000 characters|^1 to 20,000 characters/, "caseReason.length"],
  [/^this case type has no such input/, "reason.unknownField"],
  [/needs a linked activity of type '([^']+)' first/, "caseReason.linked"],
  [/can be taken from (.+) only; the case is '([^']*)'/, "caseReason.state"],
  [/^'[^']*' is not a step of/, "caseReason.noStep"],
  [/^the role '[^']*' may not|^may not /, "caseReason.role"],
  [/^is not the current version/, "caseReason.version"],
  [/has one: case (\d+) \(([^)]*)\)/, "caseReason.proven"],
  [/^is a partner already/, "caseReason.partnerAlready"],
  [/^has case (\d+)/, "caseReason.hasCase"],
  [/^exists already/, "reason.exists"],
  [/^no activity you may see|^no such activity/, "caseReason.noActivity"],
  [/^no such user/, "caseReason.noUser"],
  [/does not work on this case type/, "caseReason.userRole"],
  [/^no such organisation/, "caseReason.noOrganisation"],
  [/^no such record/, "caseReason.noRecord"],
  [/^must be your organisation/, "caseReason.ownOrganisation"],
  [/refers to a record that is not stored/, "reason.reference"],
];

export function caseReasonText(reason: string, labels: (code: string) => string = (c) => c): string {
  for (const [re, key] of casePatterns) {
    const m = re.exec(reason);
    if (m) {
      const value = m[1] ?? "";
      return textOf(key, { value: key === "caseReason.linked" ? labels(value) : value, state: m[2] ?? "" });
    }
  }
  return reasonText(reason);
}
