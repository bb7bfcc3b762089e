// The delivery calendar: which sources (organisations, locations) were
// expected to deliver for which periods of a year, and whether they did: on
// time, late, missing or not yet due, in words and colour. Below it the
// checks across figures that the year's figures break.
import { catalogue } from "../api/grip";
import { checks, deliveryCalendar, CalendarRow, DeliveryState } from "../api/quality";
import { focusHeading, may, registerScreen } from "../app";
import { h, uid } from "../dom";
import { alertBox, field } from "../form";
import { formatNumber, t } from "../i18n";
import { monthName } from "../period";

const stateText = (s: DeliveryState) => t(`calendar.state.${s}`);

function periodHeader(period: string): string {
  const quarter = /^\d{4}-Q(\d)$/.exec(period);
  if (quarter) return t("calendar.quarter", { quarter: quarter[1] });
  const month = /^\d{4}-(\d{2})$/.exec(period);
  return month ? monthName(Number(month[1]), "short") : period;
}

function matrix(rows: CalendarRow[], caption: string, typeLabel: (code: string) => string): HTMLElement {
  const periods = rows[0].cells.map((c) => c.period);
  return h(
    "div",
    { class: "grip-table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      { class: "utrecht-table grip-calendar", "data-testid": "delivery-calendar" },
      h("caption", { class: "utrecht-table__caption" }, caption),
      h(
        "thead",
        { class: "utrecht-table__header" },
        h(
          "tr",
          { class: "utrecht-table__row" },
          h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("calendar.source")),
          h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("calendar.delivers")),
          periods.map((p) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, periodHeader(p))),
        ),
      ),
      h(
        "tbody",
        { class: "utrecht-table__body" },
        rows.map((row) =>
          h(
            "tr",
            { class: "utrecht-table__row", "data-source": row.source.id },
            h("th", { class: "utrecht-table__header-cell", scope: "row" }, row.source.name),
            h("td", { class: "utrecht-table__cell" }, [...row.activity_types, ...row.aggregate_types].map(typeLabel).join(", ")),
            row.cells.map((c) =>
              h(
                "td",
                {
                  class: `utrecht-table__cell grip-state grip-state--${c.state}`,
                  "data-period": c.period,
                  "data-state": c.state,
                  title: c.state === "not_expected" ? null : t("calendar.cellHelp", { due: c.due, records: formatNumber(c.records) }),
                },
                stateText(c.state),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

registerScreen({
  path: "/leverkalender",
  titleKey: "calendar.title",
  // beleid and beheer: every source's deliveries (a partner reads its own rows through the API).
  allowed: (s) => may(s, "deliveries.read") && s.scope === "all",
  async render(main, ctx) {
    const now = new Date().getFullYear();
    const asked = Number(ctx.params.get("jaar"));
    const year = Number.isInteger(asked) && asked > 1900 ? asked : now;
    const yearField = field({
      label: t("calendar.year"),
      name: "year",
      value: String(year),
      options: Array.from({ length: 6 }, (_, i) => now - i).map((y) => ({ value: String(y), label: String(y) })),
    });
    const chooser = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("calendar.choose"), novalidate: true },
      yearField.wrapper,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("calendar.show"))),
    );
    chooser.addEventListener("submit", (e) => {
      e.preventDefault();
      ctx.navigate(`/leverkalender?${new URLSearchParams({ jaar: yearField.input.value })}`);
    });
    main.append(h("h1", { class: "utrecht-heading-1" }, t("calendar.title")), h("p", { class: "utrecht-paragraph" }, t("calendar.intro")), chooser);

    const [cal, list, cat] = await Promise.all([deliveryCalendar(year), checks(String(year)).catch(() => null), catalogue().catch(() => null)]);
    // The catalogue's labels of what a source delivers (the code when unknown).
    const labels = new Map<string, string>();
    for (const a of cat?.activity_types ?? []) labels.set(a.code, a.label);
    for (const a of (cat as unknown as { aggregate_types?: { code: string; label?: string }[] } | null)?.aggregate_types ?? [])
      if (a.label) labels.set(a.code, a.label);
    const typeLabel = (code: string) => labels.get(code) ?? code;
    const s = cal.summary;
    main.append(
      h(
        "p",
        { class: "utrecht-paragraph grip-lead", "data-testid": "calendar-summary", role: "status" },
        t("calendar.summary", { year, on_time: s.on_time ?? 0, late: s.late ?? 0, missing: s.missing ?? 0, not_yet_due: s.not_yet_due ?? 0 }),
      ),
    );
    if (!cal.rows.length) main.append(h("p", { class: "utrecht-paragraph" }, t("calendar.none")));
    for (const frequency of ["month", "quarter"] as const) {
      const rows = cal.rows.filter((r) => r.frequency === frequency);
      if (!rows.length) continue;
      const id = uid("calendar");
      main.append(
        h(
          "section",
          { "aria-labelledby": id },
          h("h2", { class: "utrecht-heading-2", id }, t(`calendar.${frequency}ly`)),
          matrix(rows, t(`calendar.caption.${frequency}`, { year }), typeLabel),
        ),
      );
    }

    // The data-quality list of the year.
    const checksId = uid("checks");
    const section = h("section", { "aria-labelledby": checksId, "data-testid": "checks" }, h("h2", { class: "utrecht-heading-2", id: checksId }, t("checks.title", { year })));
    if (!list) section.append(alertBox("error", t("app.failed")));
    else if (!list.broken.length) section.append(h("p", { class: "utrecht-paragraph" }, t("checks.none", { evaluated: list.evaluated })));
    else
      section.append(
        h(
          "ul",
          { class: "utrecht-unordered-list" },
          list.broken.map((f) =>
            h(
              "li",
              { class: "utrecht-unordered-list__item", "data-check": f.code },
              f.label,
              f.location_name ? ` (${f.location_name})` : "",
              ": ",
              t("checks.values", { left: formatNumber(f.left), right: formatNumber(f.right) }),
            ),
          ),
        ),
      );
    main.append(section);
    focusHeading(main);
  },
});
