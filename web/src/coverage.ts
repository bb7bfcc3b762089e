// The mark beside a figure whose sources in the delivery calendar have not
// all delivered for its period (missing), or delivered after their due date
// (late): in words, not by colour alone.
import type { Coverage } from "./api/quality";
import { h } from "./dom";
import { t } from "./i18n";

export function coverageMark(code: string, coverage: Coverage | undefined): HTMLElement | null {
  if (!coverage || (coverage.complete && !coverage.late.length)) return null;
  const parts: string[] = [];
  if (coverage.missing.length) parts.push(t("calendar.mark.missing", { sources: coverage.missing.join(", ") }));
  if (coverage.late.length) parts.push(t("calendar.mark.late", { sources: coverage.late.join(", ") }));
  return h(
    "span",
    { class: `grip-coverage ${coverage.complete ? "grip-coverage--late" : "grip-coverage--missing"}`, "data-testid": `coverage-${code}` },
    h("span", { class: "grip-coverage__sign", "aria-hidden": "true" }, "⚠ "),
    parts.join(" "),
  );
}
