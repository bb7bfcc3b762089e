// Date ranges of the figures besides the calendar periods: the catalogue's
// named ranges (the programme to date, a school year) and any from–to in
// whole months. A range travels as "YYYY-MM-DD..YYYY-MM-DD" in the URL's
// `periode`, the same text the API gives as a range's `period`; the API is
// asked with from= and to= (docs/figures.md, "Date ranges").
import { get } from "./api/client";
import { indicators, type IndicatorSet } from "./api/grip";
import { field } from "./form";
import { lang, t } from "./i18n";

export interface NamedRange {
  code: string;
  label: string;
  from: string;
  to: string;
}

const rangeText = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

export function isRange(period: string | null | undefined): boolean {
  return rangeText.test(period ?? "");
}

export function splitRange(period: string): { from: string; to: string } | null {
  const m = rangeText.exec(period);
  return m ? { from: m[1], to: m[2] } : null;
}

// The named ranges of the catalogue (GET /api/v1/catalogue gives the file).
export function namedRanges(catalogue: unknown): NamedRange[] {
  const ranges = (catalogue as { ranges?: NamedRange[] }).ranges;
  return Array.isArray(ranges) ? ranges : [];
}

// The figures of a calendar period or of a range.
export function figures(period: string, area = ""): Promise<IndicatorSet> {
  const r = splitRange(period);
  if (!r) return indicators(period, area);
  const q = new URLSearchParams({ from: r.from, to: r.to });
  if (area) q.set("area", area);
  return get<IndicatorSet>(`/indicators?${q}`);
}

function day(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(lang() === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric" });
}

// "1 juli 2023 t/m 30 juni 2026", or the named range's label with it.
export function rangeLabel(period: string, ranges: NamedRange[] = []): string {
  const r = splitRange(period);
  if (!r) return period;
  const text = t("ranges.fromTo", { from: day(r.from), to: day(r.to) });
  const named = ranges.find((n) => n.from === r.from && n.to === r.to);
  return named ? `${named.label} (${text})` : text;
}

// The last day of the month of a date given as YYYY-MM-DD.
function monthEnd(iso: string): string {
  const [y, m] = iso.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

// The kinds of period the dashboard's picker offers besides year, quarter
// and month: a named range and a custom from–to.
export interface RangeChoice {
  options: { value: string; label: string }[];
  wrappers: HTMLElement[];
  // The kind the current period is ("range", "custom"), or null for a calendar period.
  kind: string | null;
  show: (kind: string) => void;
  read: (kind: string) => string | null;
}

export function rangeChoice(ranges: NamedRange[], current: string | null): RangeChoice {
  const r = current ? splitRange(current) : null;
  const named = r ? ranges.find((n) => n.from === r.from && n.to === r.to) : undefined;
  const kind = r ? (named ? "range" : "custom") : null;
  const namedField = field({
    label: t("ranges.named"),
    name: "range",
    value: named?.code ?? ranges[0]?.code ?? "",
    options: ranges.map((n) => ({ value: n.code, label: n.label })),
  });
  const from = field({ label: t("ranges.from"), name: "from", type: "date", value: r && !named ? r.from : "", description: t("ranges.wholeMonths") });
  const to = field({ label: t("ranges.to"), name: "to", type: "date", value: r && !named ? r.to : "" });
  const options = [
    ...(ranges.length ? [{ value: "range", label: t("ranges.kindNamed") }] : []),
    { value: "custom", label: t("ranges.kindCustom") },
  ];
  return {
    options,
    wrappers: [namedField.wrapper, from.wrapper, to.wrapper],
    kind,
    show(k) {
      namedField.wrapper.hidden = k !== "range";
      from.wrapper.hidden = k !== "custom";
      to.wrapper.hidden = k !== "custom";
    },
    read(k) {
      if (k === "range") {
        const n = ranges.find((x) => x.code === namedField.input.value);
        return n ? `${n.from}..${n.to}` : null;
      }
      // Whole months: the first of the from-month to the last day of the to-month.
      const f = from.input.value;
      const e = to.input.value;
      from.setError(null);
      to.setError(null);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(f)) {
        from.setError(t("ranges.dateInvalid"));
        from.input.focus();
        return null;
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e) || e < f) {
        to.setError(t("ranges.toInvalid"));
        to.input.focus();
        return null;
      }
      return `${f.slice(0, 8)}01..${monthEnd(e)}`;
    },
  };
}
