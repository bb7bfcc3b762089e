// How the screens with figures (the dashboard, the region) show an
// indicator's value, its change against the previous period, and what it
// counts ("Hoe is dit geteld?").
import { Indicator, IndicatorValue } from "./api/grip";
import { h } from "./dom";
import { formatNumber, t, textOf } from "./i18n";

// What a figure needs to be shown: its measure (a share is a percentage).
type Measured = Pick<Indicator, "measure">;

export function isNumber(v: IndicatorValue | null | undefined): v is number {
  return typeof v === "number";
}

export function formatValue(ind: Measured, v: IndicatorValue | null | undefined): string {
  // null: no figure (a share of nothing, or a period without data).
  if (v === null || v === undefined) return "–";
  if (!isNumber(v)) {
    if (v.length === 0) return "–";
    // A part the disclosure rule suppresses has no count (a public role).
    return v.map(([k, n]) => `${k}: ${n === null ? t("disclosure.suppressed") : formatNumber(n)}`).join(", ");
  }
  return ind.measure === "share_pct" ? `${formatNumber(v, 1)}%` : formatNumber(v, 1);
}

// A distribution in short: its largest values, and how many more there are.
export function formatTop(v: [string, number][], top = 3): string {
  if (v.length === 0) return "–";
  const largest = [...v].sort((a, b) => b[1] - a[1]).slice(0, top);
  const shown = largest.map(([k, n]) => `${k}: ${formatNumber(n)}`).join(", ");
  return v.length > top ? `${shown} ${t("figures.more", { count: v.length - top })}` : shown;
}

// The change from the previous period: +3 (+12%), −1,5 procentpunt, gelijk.
export function change(ind: Measured, value: IndicatorValue | null | undefined, previous: IndicatorValue | null | undefined): string {
  if (!isNumber(value) || !isNumber(previous)) return "";
  const diff = value - previous;
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "";
  const abs = Math.abs(diff);
  const amount = ind.measure === "share_pct" ? `${formatNumber(abs, 1)} ${t("dashboard.points")}` : formatNumber(abs, 1);
  if (diff === 0) return t("dashboard.same");
  if (previous > 0 && ind.measure !== "share_pct") return `${sign}${amount} (${sign}${formatNumber((abs / previous) * 100, 0)}%)`;
  return `${sign}${amount}`;
}

// "Hoe is dit geteld?": the indicator's definition from the catalogue and how it is measured.
export function explanation(code: string, ind: Pick<Indicator, "label" | "definition" | "measure" | "unit">): HTMLDetailsElement {
  return h(
    "details",
    { class: "grip-definition", "data-indicator": code },
    h("summary", null, t("dashboard.howCounted"), h("span", { class: "grip-visually-hidden" }, `: ${ind.label}`)),
    h("p", { class: "utrecht-paragraph" }, ind.definition),
    h("p", { class: "utrecht-paragraph grip-muted" }, textOf(`measure.${ind.measure}`), ind.unit ? ` (${ind.unit})` : "", `. ${t("dashboard.live")}`),
  );
}
