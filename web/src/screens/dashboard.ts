// The dashboard: the indicators of a period (year, quarter, month) for an
// area, with the previous period and the change, per theme; a table per
// area (wijk or buurt, priority versus the rest) and the trend of one
// indicator over the months of the year. Every figure explains itself
// ("Hoe is dit geteld?"). Figures are live: each visit asks the server.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { may, focusHeading, registerScreen } from "../app";
import { Area, catalogue, Indicator, IndicatorSet, indicators, areas } from "../api/grip";
import { h, uid } from "../dom";
import { change, explanation, formatValue, isNumber } from "../figures";
import { field } from "../form";
import { formatNumber, t } from "../i18n";
import { monthName, parsePeriod, periodFields, periodLabel, periodText } from "../period";
import { indicatorCoverage, type Coverage } from "../api/quality";
import { coverageMark } from "../coverage";
import { figures, isRange, namedRanges, rangeChoice } from "../ranges";
import { targetMark } from "../targets";
import { signalsSection } from "../signals";
import { attachDrill } from "../drill";
import { renderMap } from "../map";

async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

// A wide table scrolls inside its own box on a narrow screen instead of
// widening the page; the box takes the keyboard's focus to scroll.
function scrolling(label: string, table: HTMLTableElement): HTMLElement {
  return h("div", { class: "grip-table-scroll", role: "region", tabindex: "0", "aria-label": t("dashboard.tableOf", { name: label }) }, table);
}

// A figure as shown; one the disclosure rule suppresses (a public role: a
// small count of people below the whole municipality, or one it could be
// computed back from) says so in words, with the rule beside it.
function shown(ind: Indicator, which: "value" | "previous"): HTMLElement | string {
  const hidden = which === "value" ? ind.suppressed : ind.previous_suppressed;
  if (!hidden) return formatValue(ind, ind[which]);
  return h("span", { class: "grip-suppressed", title: t("disclosure.why"), "data-suppressed": "true" }, t("disclosure.suppressed"), h("span", { class: "grip-visually-hidden" }, ` (${t("disclosure.why")})`));
}

// Whether a period has registrations: a count of work or people that is not
// zero (open locations, capacities and key figures still active count in
// every year, data or not).
const countsWork = new Set(["count", "distinct_persons", "sum_count", "distinct_addresses", "aggregate_sum"]);
function hasData(set: IndicatorSet): boolean {
  return Object.values(set.indicators).some((ind) => countsWork.has(ind.measure) && isNumber(ind.value) && ind.value !== 0);
}

registerScreen({
  path: "/dashboard",
  titleKey: "dashboard.title",
  allowed: (s) => may(s, "indicators.read"),
  async render(main, ctx) {
    // A date range ("YYYY-MM-DD..YYYY-MM-DD", ranges.ts): its trend is that of its last year.
    const chosenPeriod = ctx.params.get("periode");
    const ranged = isRange(chosenPeriod);
    const p = parsePeriod(ranged ? chosenPeriod!.slice(12, 16) : chosenPeriod);
    const area = ctx.params.get("gebied") ?? "";
    const level = ctx.params.get("niveau") === "buurt" ? "buurt" : "wijk";

    const [cat, areaList] = await Promise.all([catalogue(), areas().catch(() => [] as Area[])]);
    // Without a chosen period the dashboard opens on the latest year with
    // figures (this year's may have none yet, or the data may be older).
    let set = await (ranged ? figures(chosenPeriod!, area) : indicators(periodText(p.grain, p.year, p.part), area));
    if (!ctx.params.get("periode")) {
      for (let back = 1; back <= 5 && !hasData(set); back++) {
        const earlier = await indicators(String(p.year - back), area);
        if (hasData(earlier)) {
          p.year -= back;
          set = earlier;
        }
      }
    }
    const period = set.period;
    // Whether each figure's sources delivered (the delivery calendar): for the whole municipality.
    // (The delivery calendar is kept per calendar period: a range has no coverage marks.)
    const coverage = area || ranged ? new Map<string, Coverage>() : await indicatorCoverage(period).catch(() => new Map<string, Coverage>());
    const numeric = Object.entries(set.indicators).filter(([, ind]) => isNumber(ind.value));
    const preferred = numeric.find(([, ind]) => ind.theme === "info" && ind.measure === "distinct_persons") ?? numeric[0];
    const chosen = ctx.params.get("indicator") && set.indicators[ctx.params.get("indicator")!] ? ctx.params.get("indicator")! : preferred?.[0] ?? "";

    const go = (changes: Record<string, string>) => {
      const q = new URLSearchParams(ctx.params);
      for (const [k, v] of Object.entries(changes)) {
        if (v) q.set(k, v);
        else q.delete(k);
      }
      ctx.navigate(`/dashboard?${q}`);
    };

    // The choice of period and area.
    // Date ranges are not published: the public role gets calendar periods only (docs/figures.md).
    const periodChoice = periodFields(p, ctx.session.public_figures ? undefined : rangeChoice(namedRanges(cat), chosenPeriod));
    const wijken = areaList.filter((a) => a.level === "wijk").sort((a, b) => a.name.localeCompare(b.name));
    const buurten = areaList.filter((a) => a.level === "buurt").sort((a, b) => a.name.localeCompare(b.name));
    const gemeente = areaList.find((a) => a.level === "gemeente");
    const areaField = field({
      label: t("dashboard.area"),
      name: "area",
      value: area,
      options: [
        { value: "", label: gemeente ? `${gemeente.name} (${t("area.gemeente")})` : t("area.gemeente") },
        { value: "priority", label: t("area.priority") },
        { value: "rest", label: t("area.rest") },
        ...wijken.map((a) => ({ value: a.code, label: `${a.name} (${t("area.wijk")})` })),
        ...buurten.map((a) => ({ value: a.code, label: `${a.name} (${t("area.buurt")})` })),
      ],
    });
    const chooser = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("dashboard.choose"), novalidate: true },
      periodChoice.wrappers,
      areaField.wrapper,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("dashboard.show"))),
    );
    chooser.addEventListener("submit", (e) => {
      e.preventDefault();
      const chosenPeriod = periodChoice.read();
      if (chosenPeriod) go({ periode: chosenPeriod, gebied: areaField.input.value });
    });

    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("dashboard.title")),
      h(
        "p",
        { class: "utrecht-paragraph grip-lead", "data-testid": "dashboard-scope" },
        t("dashboard.scope", { period: periodLabel(set.period), area: set.area_name || t("area.gemeente") }),
      ),
      chooser,
    );
    // The period's signals: where an indicator grew beyond chance (src/signals).
    // Signals and the map are per calendar period (docs/figures.md), not for a range.
    if (!ranged) main.append(await signalsSection(set.period));

    // The indicators per theme.
    const themeLabel = new Map(cat.themes.map((th) => [th.code, th.label]));
    const themes = [...new Set(Object.values(set.indicators).map((i) => i.theme))];
    const previousLabel = ranged ? t("ranges.yearEarlier") : t("dashboard.previous");
    for (const theme of themes) {
      const headingId = uid("theme");
      const rows = Object.entries(set.indicators).filter(([, ind]) => ind.theme === theme);
      main.append(
        h(
          "section",
          { class: "grip-theme", "aria-labelledby": headingId },
          h("h2", { class: "utrecht-heading-2", id: headingId }, themeLabel.get(theme) ?? theme),
          scrolling(themeLabel.get(theme) ?? theme, h(
            "table",
            { class: "utrecht-table grip-figures" },
            h(
              "thead",
              { class: "utrecht-table__header" },
              h(
                "tr",
                { class: "utrecht-table__row" },
                h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("dashboard.indicator")),
                h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, periodLabel(set.period)),
                h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, previousLabel),
                h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, t("dashboard.change")),
              ),
            ),
            h(
              "tbody",
              { class: "utrecht-table__body" },
              rows.map(([code, ind]) =>
                h(
                  "tr",
                  { class: "utrecht-table__row", "data-indicator": code },
                  h("th", { class: "utrecht-table__header-cell grip-figure-label", scope: "row" }, ind.label, coverageMark(code, coverage.get(code)), targetMark(code, ind), explanation(code, ind)),
                  h("td", { class: `utrecht-table__cell ${isNumber(ind.value) ? "grip-num" : "grip-list"}`, "data-testid": `value-${code}` }, shown(ind, "value")),
                  h("td", { class: `utrecht-table__cell ${isNumber(ind.previous) ? "grip-num" : "grip-list"}` }, shown(ind, "previous")),
                  h("td", { class: "utrecht-table__cell grip-num" }, change(ind, ind.value, ind.previous)),
                ),
              ),
            ),
          )),
        ),
      );
    }

    // Every figure opens to the records and sources behind it (drill.ts).
    // What is behind a figure is listed per calendar period.
    if (!ranged) attachDrill(main, period, area, ctx.session.read.includes("activity"), ctx.params.get("figuur"));

    // One indicator per area, and its trend.
    if (!chosen) {
      focusHeading(main);
      return;
    }
    const indicatorField = field({
      label: t("dashboard.indicator"),
      name: "indicator",
      value: chosen,
      options: numeric.map(([code, ind]) => ({ value: code, label: ind.label })),
    });
    const levelField = field({
      label: t("dashboard.level"),
      name: "level",
      value: level,
      options: [
        { value: "wijk", label: t("area.wijken") },
        { value: "buurt", label: t("area.buurten") },
      ],
    });
    const detailForm = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("dashboard.chooseIndicator") },
      indicatorField.wrapper,
      levelField.wrapper,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t("dashboard.show"))),
    );
    detailForm.addEventListener("submit", (e) => {
      e.preventDefault();
      go({ indicator: indicatorField.input.value, niveau: levelField.input.value });
    });
    const areaSection = h("section", { class: "grip-areas", "aria-labelledby": "areas-heading" },
      h("h2", { class: "utrecht-heading-2", id: "areas-heading" }, t("dashboard.perArea", { indicator: set.indicators[chosen].label })),
      detailForm,
    );
    const trendSection = h("section", { class: "grip-trend", "aria-labelledby": "trend-heading" },
      h("h2", { class: "utrecht-heading-2", id: "trend-heading" }, t("dashboard.trend", { indicator: set.indicators[chosen].label, year: p.year })),
    );
    main.append(areaSection, trendSection);
    focusHeading(main);
    // The map of the chosen indicator per buurt (map.ts); a buurt opens its figures.
    const mapBox = h("div", { class: "grip-map-box", id: "kaart", tabindex: "-1", "data-testid": "map" });
    if (!ranged) {
      areaSection.append(mapBox);
      void renderMap(mapBox, { period, indicator: chosen, label: set.indicators[chosen].label, open: (code) => go({ gebied: code }), marked: ctx.params.get("markeer") ?? undefined })
        .then(() => { if (ctx.params.get("markeer")) mapBox.scrollIntoView(); })
        .catch(() => mapBox.remove());
    }

    // Per area: the chosen level, then priority and the rest of the city.
    const levelAreas = level === "buurt" ? buurten : wijken;
    const groups: { code: string; name: string; priority: string }[] = [
      ...levelAreas.map((a) => ({ code: a.code, name: a.name, priority: a.priority || (level === "wijk" && buurten.some((b) => b.parent === a.code && b.priority)) ? t("common.yes") : t("common.no") })),
      { code: "priority", name: t("area.priority"), priority: "" },
      { code: "rest", name: t("area.rest"), priority: "" },
    ];
    const perArea = await pool(groups, 6, (g) => figures(period, g.code).catch(() => null as IndicatorSet | null));
    const ind = (s: IndicatorSet | null) => s?.indicators[chosen];
    areaSection.append(
      scrolling(t("dashboard.perArea", { indicator: set.indicators[chosen].label }), h(
        "table",
        { class: "utrecht-table grip-area-table" },
        h("caption", { class: "utrecht-table__caption" }, t("dashboard.areaCaption", { indicator: set.indicators[chosen].label, period: periodLabel(set.period) })),
        h(
          "thead",
          { class: "utrecht-table__header" },
          h(
            "tr",
            { class: "utrecht-table__row" },
            h("th", { class: "utrecht-table__header-cell", scope: "col" }, level === "buurt" ? t("area.buurt") : t("area.wijk")),
            h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("area.isPriority")),
            h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, periodLabel(set.period)),
            h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, previousLabel),
            h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, t("dashboard.change")),
          ),
        ),
        h(
          "tbody",
          { class: "utrecht-table__body" },
          groups.map((g, i) => {
            const v = ind(perArea[i]);
            return h(
              "tr",
              { class: `utrecht-table__row${g.code === "priority" || g.code === "rest" ? " grip-row-total" : ""}` },
              h("th", { class: "utrecht-table__header-cell", scope: "row" }, g.name),
              h("td", { class: "utrecht-table__cell" }, g.priority),
              h("td", { class: "utrecht-table__cell grip-num" }, v ? shown(v, "value") : "–"),
              h("td", { class: "utrecht-table__cell grip-num" }, v ? shown(v, "previous") : "–"),
              h("td", { class: "utrecht-table__cell grip-num" }, v ? change(v, v.value, v.previous) : ""),
            );
          }),
        ),
      )),
    );

    // The trend: the months of this year beside those of the year before.
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const series = await pool(
      [...months.map((m) => periodText("month", p.year, m)), ...months.map((m) => periodText("month", p.year - 1, m))],
      6,
      (per) => indicators(per, area).then((s) => s.indicators[chosen]?.value).catch(() => null),
    );
    const now = series.slice(0, 12).map((v) => (typeof v === "number" ? v : null));
    const before = series.slice(12).map((v) => (typeof v === "number" ? v : null));
    const chart = h("div", { class: "grip-chart", "aria-hidden": "true" });
    const chartTable = h(
      "table",
      { class: "utrecht-table grip-trend-table" },
      h("caption", { class: "utrecht-table__caption" }, t("dashboard.trendCaption", { indicator: set.indicators[chosen].label })),
      h(
        "thead",
        { class: "utrecht-table__header" },
        h(
          "tr",
          { class: "utrecht-table__row" },
          h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("period.month")),
          h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, String(p.year)),
          h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, String(p.year - 1)),
        ),
      ),
      h(
        "tbody",
        { class: "utrecht-table__body" },
        months.map((m, i) =>
          h(
            "tr",
            { class: "utrecht-table__row" },
            h("th", { class: "utrecht-table__header-cell", scope: "row" }, monthName(m)),
            h("td", { class: "utrecht-table__cell grip-num" }, now[i] === null ? "–" : formatNumber(now[i]!, 1)),
            h("td", { class: "utrecht-table__cell grip-num" }, before[i] === null ? "–" : formatNumber(before[i]!, 1)),
          ),
        ),
      ),
    );
    trendSection.append(
      h(
        "figure",
        { class: "grip-figure" },
        chart,
        h(
          "figcaption",
          { class: "utrecht-paragraph grip-legend" },
          h("span", { class: "grip-legend__now" }, String(p.year)),
          h("span", { class: "grip-legend__before" }, String(p.year - 1)),
        ),
      ),
      h("details", { class: "grip-chart-data" }, h("summary", null, t("dashboard.chartAsTable")), scrolling(t("dashboard.chartAsTable"), chartTable)),
    );
    const width = Math.max(320, Math.min(900, trendSection.clientWidth || 800));
    new uPlot(
      {
        width,
        height: 280,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          { values: (_u, vals) => vals.map((v) => (Number.isInteger(v) && v >= 1 && v <= 12 ? monthName(v, "short") : "")) },
          { values: (_u, vals) => vals.map((v) => formatNumber(v, 1)) },
        ],
        series: [
          {},
          { label: String(p.year), stroke: "#00811f", width: 3, points: { show: true } },
          { label: String(p.year - 1), stroke: "#4b4b4b", width: 2, dash: [6, 4] },
        ],
      },
      [months, now, before],
      chart,
    );
  },
});
