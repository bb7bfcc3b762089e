// The region: the indicators of a period for every municipality of the
// installation that shares its figures, side by side, and summed for the
// region, with the region's previous period and change; per theme. Where the
// sum is not exact it says so beside the region's figure (a person can count
// in more than one municipality; a share is not summed). The municipalities
// that do not share are named below. For the role regio (indicators.region),
// which reads figures only, never records; it lands here after signing in.
import { focusHeading, may, registerScreen } from "../app";
import { IndicatorValue, RegionIndicator, regionIndicators } from "../api/grip";
import { h, uid } from "../dom";
import { change, explanation, formatTop, formatValue } from "../figures";
import { hasText, lang, t, textOf } from "../i18n";
import { parsePeriod, periodFields, periodLabel, periodText } from "../period";

function themeLabel(code: string): string {
  return hasText(`theme.${code}`) ? textOf(`theme.${code}`) : code;
}

// A figure in a cell: a number, or a distribution in short (its largest values).
function cell(ind: RegionIndicator, v: IndicatorValue | null | undefined, column: string, ...extra: (Node | null)[]): HTMLTableCellElement {
  const list = Array.isArray(v) && v.length > 0;
  return h(
    "td",
    { class: `utrecht-table__cell ${list ? "grip-list" : "grip-num"}${column === "region" ? " grip-region-sum" : ""}`, "data-column": column },
    h("span", { class: "grip-value" }, list ? formatTop(v) : formatValue(ind, v)),
    ...extra,
  );
}

function names(list: { name: string }[]): string {
  return new Intl.ListFormat(lang() === "nl" ? "nl-NL" : "en-GB", { style: "long", type: "conjunction" }).format(list.map((m) => m.name));
}

registerScreen({
  path: "/regio",
  titleKey: "region.title",
  allowed: (s) => may(s, "indicators.region"),
  // The regional role has no dashboard of its own municipality: it starts here.
  landing: (s) => !may(s, "indicators.read"),
  async render(main, ctx) {
    const p = parsePeriod(ctx.params.get("periode"));
    const data = await regionIndicators(periodText(p.grain, p.year, p.part));
    const period = periodLabel(data.period);

    const choice = periodFields(p);
    const chooser = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("region.choose"), novalidate: true },
      choice.wrappers,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("dashboard.show"))),
    );
    chooser.addEventListener("submit", (e) => {
      e.preventDefault();
      const chosen = choice.read();
      if (chosen) ctx.navigate(`/regio?${new URLSearchParams({ periode: chosen })}`);
    });

    const members = data.municipalities;
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("region.title")),
      h(
        "p",
        { class: "utrecht-paragraph grip-lead", "data-testid": "region-scope" },
        members.length ? t("region.scope", { period, municipalities: names(members) }) : t("region.noneSharing", { period }),
      ),
      chooser,
    );

    if (members.length) {
      main.append(h("p", { class: "utrecht-paragraph" }, t("region.summing")));
      const themes = [...new Set(Object.values(data.region).map((i) => i.theme))];
      for (const theme of themes) {
        const headingId = uid("theme");
        const captionId = uid("caption");
        const rows = Object.entries(data.region).filter(([, ind]) => ind.theme === theme);
        main.append(
          h(
            "section",
            { class: "grip-theme", "aria-labelledby": headingId },
            h("h2", { class: "utrecht-heading-2", id: headingId }, themeLabel(theme)),
            // On a narrow screen the table scrolls sideways, also by keyboard.
            h(
              "div",
              { class: "grip-table-scroll", role: "region", "aria-labelledby": captionId, tabindex: "0" },
              h(
                "table",
                { class: "utrecht-table grip-figures grip-region-table", "data-theme": theme },
                h(
                  "caption",
                  { class: "utrecht-table__caption", id: captionId },
                  h("span", { class: "grip-visually-hidden" }, `${themeLabel(theme)}: `),
                  t("region.caption", { period }),
                ),
                h(
                  "thead",
                  { class: "utrecht-table__header" },
                  h(
                    "tr",
                    { class: "utrecht-table__row" },
                    h("th", { class: "utrecht-table__header-cell grip-region-table__indicator", scope: "col" }, t("dashboard.indicator")),
                    members.map((m) => h("th", { class: "utrecht-table__header-cell grip-num", scope: "col", "data-column": m.code }, m.name)),
                    h("th", { class: "utrecht-table__header-cell grip-num grip-region-sum", scope: "col", "data-column": "region" }, t("region.region")),
                    h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, t("region.previous")),
                    h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, t("region.change")),
                  ),
                ),
                h(
                  "tbody",
                  { class: "utrecht-table__body" },
                  rows.map(([code, ind]) => {
                    const summed = ind.summing !== "none";
                    const note =
                      ind.summing === "per_municipality" ? h("span", { class: "grip-summing" }, t("region.perMunicipality")) : null;
                    return h(
                      "tr",
                      { class: "utrecht-table__row", "data-indicator": code },
                      h("th", { class: "utrecht-table__header-cell grip-figure-label", scope: "row" }, ind.label, explanation(code, ind)),
                      members.map((m) => cell(ind, m.indicators[code]?.value, m.code)),
                      summed
                        ? cell(ind, ind.value, "region", note)
                        : h(
                            "td",
                            { class: "utrecht-table__cell grip-num grip-region-sum", "data-column": "region" },
                            h("span", { class: "grip-value grip-summing" }, t("region.notSummed")),
                          ),
                      summed ? cell(ind, ind.previous, "previous") : h("td", { class: "utrecht-table__cell grip-num", "data-column": "previous" }, "–"),
                      h("td", { class: "utrecht-table__cell grip-num", "data-column": "change" }, summed ? change(ind, ind.value, ind.previous) : ""),
                    );
                  }),
                ),
              ),
            ),
          ),
        );
      }
    }

    if (data.not_sharing.length) {
      main.append(
        h(
          "p",
          { class: "utrecht-paragraph", "data-testid": "not-sharing" },
          t(data.not_sharing.length === 1 ? "region.notSharingOne" : "region.notSharingMany", { municipalities: names(data.not_sharing) }),
        ),
      );
    }
    focusHeading(main);
  },
});
