// Periods of the figures (a year, a quarter or a month: 2024, 2024-Q2,
// 2024-05) as the URL, the API and the reader see them, and the fields that
// choose one (the dashboard, the region).
import { field } from "./form";
import { lang, t } from "./i18n";
import { isRange, rangeLabel, type RangeChoice } from "./ranges";

export type Grain = "year" | "quarter" | "month";

export interface Period {
  grain: Grain;
  year: number;
  part: number;
}

// The period of a URL's parameter; this year when it has none or a wrong one.
export function parsePeriod(text: string | null): Period {
  const now = new Date();
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(text ?? "");
  if (!m) return { grain: "year", year: now.getFullYear(), part: 1 };
  if (m[2]) return { grain: "quarter", year: Number(m[1]), part: Number(m[2]) };
  if (m[3]) return { grain: "month", year: Number(m[1]), part: Math.min(12, Math.max(1, Number(m[3]))) };
  return { grain: "year", year: Number(m[1]), part: 1 };
}

export function periodText(grain: Grain, year: number, part: number): string {
  if (grain === "quarter") return `${year}-Q${part}`;
  if (grain === "month") return `${year}-${String(part).padStart(2, "0")}`;
  return String(year);
}

export function monthName(month: number, style: "long" | "short" = "long"): string {
  return new Date(2000, month - 1, 1).toLocaleString(lang() === "nl" ? "nl-NL" : "en-GB", { month: style });
}

// "2024", "kwartaal 2 van 2024", "mei 2024"; a range "1 juli 2023 t/m 30 juni 2026".
export function periodLabel(period: string): string {
  if (isRange(period)) return rangeLabel(period);
  const p = parsePeriod(period);
  if (p.grain === "quarter") return t("period.quarterOf", { quarter: p.part, year: p.year });
  if (p.grain === "month") return `${monthName(p.part)} ${p.year}`;
  return String(p.year);
}

export interface PeriodFields {
  // The fields, in their order: kind of period, year, quarter, month (the
  // last two shown only for their kind).
  wrappers: HTMLElement[];
  // The chosen period, or null with the error next to the year (focused).
  read: () => string | null;
}

// `ranges`: the kinds of date range offered beside the calendar periods (ranges.ts).
export function periodFields(p: Period, ranges?: RangeChoice): PeriodFields {
  const grain = field({
    label: t("dashboard.grain"),
    name: "grain",
    value: ranges?.kind ?? p.grain,
    options: [
      { value: "year", label: t("period.year") },
      { value: "quarter", label: t("period.quarter") },
      { value: "month", label: t("period.month") },
      ...(ranges?.options ?? []),
    ],
  });
  const year = field({ label: t("period.year"), name: "year", type: "number", value: String(p.year), inputmode: "numeric", attrs: { min: "2000", max: "2100" } });
  const quarter = field({
    label: t("period.quarter"),
    name: "quarter",
    value: String(p.grain === "quarter" ? p.part : 1),
    options: [1, 2, 3, 4].map((q) => ({ value: String(q), label: `Q${q}` })),
  });
  const month = field({
    label: t("period.month"),
    name: "month",
    value: String(p.grain === "month" ? p.part : 1),
    options: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName(i + 1) })),
  });
  const showParts = () => {
    quarter.wrapper.hidden = grain.input.value !== "quarter";
    month.wrapper.hidden = grain.input.value !== "month";
    year.wrapper.hidden = !["year", "quarter", "month"].includes(grain.input.value);
    ranges?.show(grain.input.value);
  };
  grain.input.addEventListener("change", showParts);
  showParts();
  return {
    wrappers: [grain.wrapper, year.wrapper, quarter.wrapper, month.wrapper, ...(ranges?.wrappers ?? [])],
    read() {
      if (ranges && !["year", "quarter", "month"].includes(grain.input.value)) return ranges.read(grain.input.value);
      const g = grain.input.value as Grain;
      const y = Number(year.input.value);
      if (!Number.isInteger(y) || y < 2000 || y > 2100) {
        year.setError(t("dashboard.yearInvalid"));
        year.input.focus();
        return null;
      }
      year.setError(null);
      const part = g === "quarter" ? Number(quarter.input.value) : g === "month" ? Number(month.input.value) : 1;
      return periodText(g, y, part);
    },
  };
}
