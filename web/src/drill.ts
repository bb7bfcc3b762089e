// What is behind a figure: a panel (a modal dialog) with the records the
// figure counts, page by page, as far as the user's role may see them (the
// rest counted, not listed), the sources with when each last delivered,
// the deliveries, and for distinct persons how many person records were
// counted as one person. From GET /indicators/{code}/records and
// /provenance; the number of records behind the figure is the figure.
import { get } from "./api/client";
import { h } from "./dom";
import { formatNumber, t } from "./i18n";

interface CountedPart {
  adds: number;
  part?: string;
}

interface DrillRecord {
  kind?: string;
  id: string;
  type?: string;
  date?: string;
  period?: string;
  location?: string;
  organisation?: string;
  _meta?: { subject?: string | null };
  _counted: CountedPart[];
}

interface FigureRecords {
  indicator: string;
  label: string;
  measure: string;
  period: string;
  area: string;
  area_name: string;
  value: unknown;
  total: unknown;
  subjects?: number;
  records: number;
  shown: number;
  withheld: number;
  items: DrillRecord[];
  next_cursor: string | null;
}

interface Source {
  organisation: string | null;
  organisation_name: string | null;
  location: string | null;
  location_name: string | null;
  records: number;
  last_delivered: string | null;
}

interface FigureProvenance {
  records: number;
  sources: Source[];
  deliveries?: { id: number; records: number; source?: string; finished_at?: string }[];
  merges?: { person_records: number; persons: number; merged_records: number; persons_with_merged_records: number };
}

function query(period: string, area: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ period, ...extra });
  if (area) q.set("area", area);
  return q.toString();
}

function shownTotal(v: unknown): string {
  if (typeof v === "number") return formatNumber(v, 1);
  if (Array.isArray(v)) return v.map((p) => `${p[0]}: ${formatNumber(p[1] as number)}`).join(", ");
  return "–";
}

function when(stamp: string | null | undefined): string {
  if (!stamp) return "–";
  const d = new Date(stamp);
  return Number.isNaN(d.getTime()) ? stamp : d.toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "nl-NL");
}

function cell(text: string | number, num = false): HTMLTableCellElement {
  return h("td", { class: `utrecht-table__cell${num ? " grip-num" : ""}` }, text);
}

function head(...labels: string[]): HTMLTableSectionElement {
  return h("thead", { class: "utrecht-table__header" },
    h("tr", { class: "utrecht-table__row" }, labels.map((l) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, l))));
}

// The records table with a button for the next page.
function recordsSection(code: string, period: string, area: string, first: FigureRecords): HTMLElement {
  const body = h("tbody", { class: "utrecht-table__body" });
  const more = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("drill.more"));
  let cursor = first.next_cursor;
  const add = (items: DrillRecord[]) => {
    for (const r of items)
      body.append(h("tr", { class: "utrecht-table__row", "data-testid": "drill-record" },
        cell(r.id),
        cell(r.type ?? ""),
        cell(r.date ?? r.period ?? ""),
        cell(r.location ?? r.organisation ?? ""),
        cell(r._meta?.subject ? r._meta.subject.slice(0, 12) : ""),
        cell(r._counted.map((c) => (c.part ? `${c.part}: ${formatNumber(c.adds, 2)}` : formatNumber(c.adds, 2))).join(", "), true)));
    more.hidden = !cursor;
  };
  more.addEventListener("click", async () => {
    if (!cursor) return;
    const page = await get<FigureRecords>(`/indicators/${encodeURIComponent(code)}/records?${query(period, area, { cursor, limit: "50" })}`);
    cursor = page.next_cursor;
    add(page.items);
  });
  add(first.items);
  return h("div", { class: "grip-drill__part" },
    h("h3", { class: "utrecht-heading-3", id: "drill-records" }, t("drill.records")),
    h("p", { class: "utrecht-paragraph", "data-testid": "drill-summary" },
      t("drill.summary", { records: formatNumber(first.records), shown: formatNumber(first.shown), withheld: formatNumber(first.withheld) }),
      first.subjects !== undefined ? ` ${t("drill.subjects", { n: formatNumber(first.subjects) })}` : ""),
    h("div", { class: "grip-table-scroll", role: "region", tabindex: "0", "aria-label": t("drill.records") },
      h("table", { class: "utrecht-table" },
        head(t("drill.id"), t("drill.type"), t("drill.date"), t("drill.place"), t("drill.pseudonym"), t("drill.adds")),
        body)),
    more);
}

function provenanceSection(p: FigureProvenance): HTMLElement {
  const source = (s: Source) =>
    [s.organisation_name ?? s.organisation, s.location_name ?? s.location].filter(Boolean).join(" – ") || t("drill.noSource");
  return h("div", { class: "grip-drill__part" },
    h("h3", { class: "utrecht-heading-3", id: "drill-sources" }, t("drill.sources")),
    h("div", { class: "grip-table-scroll", role: "region", tabindex: "0", "aria-label": t("drill.sources") },
      h("table", { class: "utrecht-table", "data-testid": "drill-sources" },
        head(t("drill.source"), t("drill.count"), t("drill.lastDelivered")),
        h("tbody", { class: "utrecht-table__body" },
          p.sources.map((s) => h("tr", { class: "utrecht-table__row" }, cell(source(s)), cell(formatNumber(s.records), true), cell(when(s.last_delivered))))))),
    p.merges
      ? h("p", { class: "utrecht-paragraph", "data-testid": "drill-merges" },
          t("drill.merges", { records: formatNumber(p.merges.person_records), persons: formatNumber(p.merges.persons), merged: formatNumber(p.merges.merged_records) }))
      : null,
    p.deliveries && p.deliveries.length > 0
      ? h("details", null, h("summary", null, t("drill.deliveries", { n: p.deliveries.length })),
          h("ul", null, p.deliveries.map((d) => h("li", null, `${d.id}: ${d.source ?? ""} (${when(d.finished_at)}), ${formatNumber(d.records)} ${t("drill.recordsShort")}`))))
      : null);
}

// Opens the panel of a figure (an indicator in a period and area).
export async function openDrill(code: string, label: string, period: string, area: string): Promise<void> {
  const dialog = h("dialog", { class: "grip-drill", "aria-labelledby": "drill-title", "data-testid": "drill" });
  const close = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action grip-drill__close" }, t("drill.close"));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  const content = h("div", { class: "grip-drill__content", "aria-live": "polite" }, t("drill.loading"));
  dialog.append(h("h2", { class: "utrecht-heading-2", id: "drill-title" }, t("drill.title", { indicator: label })), content, close);
  document.body.append(dialog);
  dialog.showModal();
  try {
    const [records, provenance] = await Promise.all([
      get<FigureRecords>(`/indicators/${encodeURIComponent(code)}/records?${query(period, area, { limit: "50" })}`),
      get<FigureProvenance>(`/indicators/${encodeURIComponent(code)}/provenance?${query(period, area)}`),
    ]);
    content.replaceChildren(
      h("p", { class: "utrecht-paragraph grip-lead", "data-testid": "drill-figure" },
        t("drill.figure", { value: shownTotal(records.value), period: records.period, area: records.area_name })),
      recordsSection(code, period, area, records),
      provenanceSection(provenance));
  } catch {
    content.replaceChildren(h("p", { class: "utrecht-paragraph" }, t("drill.failed")));
  }
}

// A button that opens what is behind a figure.
export function drillButton(code: string, label: string, period: string, area: string): HTMLButtonElement {
  return h("button", {
    type: "button",
    class: "utrecht-link-button utrecht-link-button--html-button grip-drill__open",
    "data-drill": code,
    "aria-label": t("drill.open", { indicator: label }),
    onclick: () => void openDrill(code, label, period, area),
  }, t("drill.openShort"));
}

// Adds the button to every figure row of the dashboard's tables
// (tr[data-indicator]), unless the role sees figures only as published;
// `open`: the figure whose panel opens at once (a link from the report's
// annex: /dashboard?periode=P&figuur=CODE).
export function attachDrill(root: HTMLElement, period: string, area: string, canDrill: boolean, open?: string | null): void {
  if (!canDrill) return;
  for (const row of root.querySelectorAll<HTMLTableRowElement>("tr[data-indicator]")) {
    const code = row.dataset.indicator!;
    const label = row.querySelector("th")?.firstChild?.textContent ?? code;
    row.querySelector("th")?.append(" ", drillButton(code, label, period, area));
    if (code === open) void openDrill(code, label, period, area);
  }
}
