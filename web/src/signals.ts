// The signals of a period on the dashboard (GET /api/v1/signals): per
// signal its area, the count against its baseline and the explanation in
// words. Each item names its area (data-area, the buurt or wijk code), so
// that the map beside it can show where it is.
import { get } from "./api/client";
import { h, uid } from "./dom";
import { t } from "./i18n";

export interface Signal {
  rule: string;
  rule_label: string;
  indicator: string;
  indicator_label: string;
  area: string;
  area_name: string;
  value: number;
  baseline: number;
  rate: number | null;
  rate_label: string;
  p_value: number;
  explanation: string;
}

export interface SignalList {
  period: string;
  signals: Signal[];
}

export function signalsOf(period: string): Promise<SignalList> {
  return get<SignalList>(`/signals?${new URLSearchParams({ period })}`);
}

// The section for the dashboard: a heading and a list, or a sentence that
// there are none. A failure to load says so rather than hiding the section.
export async function signalsSection(period: string): Promise<HTMLElement> {
  const headingId = uid("signals");
  const section = h("section", { class: "grip-signals", "aria-labelledby": headingId, "data-testid": "signals" },
    h("h2", { class: "utrecht-heading-2", id: headingId }, t("signals.title")));
  let list: SignalList;
  try {
    list = await signalsOf(period);
  } catch {
    section.append(h("p", { class: "utrecht-paragraph" }, t("signals.failed")));
    return section;
  }
  if (list.signals.length === 0) {
    section.append(h("p", { class: "utrecht-paragraph", "data-testid": "signals-none" }, t("signals.none")));
    return section;
  }
  section.append(
    h("p", { class: "utrecht-paragraph" }, t("signals.intro")),
    h("ul", { class: "utrecht-unordered-list grip-signal-list" },
      list.signals.map((s) =>
        h("li", { class: "utrecht-unordered-list__item", "data-area": s.area, "data-rule": s.rule, "data-testid": `signal-${s.area}` },
          h("strong", null, `${s.area_name}: `),
          s.explanation,
          " ",
          h("a", {
            href: `/dashboard?${new URLSearchParams({ periode: period, indicator: s.indicator, niveau: "buurt", markeer: s.area })}#kaart`,
            "data-nav": true,
            class: "utrecht-link",
            "data-testid": `signal-map-${s.area}`,
          }, t("signals.onMap", { area: s.area_name })),
        ),
      ),
    ),
  );
  return section;
}
