// The map of the dashboard: one indicator per buurt as a choropleth, drawn
// from the boundaries Grip holds (GET /areas/geometry: the CBS Wijk- en
// Buurtkaart, or the demo city's generated ones) as SVG paths by d3-geo.
// No tiles and no network beyond Grip's own API; no inline styles (the
// Content-Security-Policy allows none): the colour of a buurt is a class.
// The priority buurten are outlined. Each buurt takes the keyboard's focus,
// and clicking it or pressing Enter opens its figures; the same numbers
// stand in a table beside the map, for those who do not see it.
import { geoIdentity, geoMercator, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { get } from "./api/client";
import { h, uid } from "./dom";
import { formatNumber, t } from "./i18n";

interface AreaFeature {
  type: "Feature";
  id: string;
  properties: { code: string; name: string; level: string; parent: string; priority: boolean };
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

interface AreaGeometry {
  type: "FeatureCollection";
  features: AreaFeature[];
}

export interface AreaFigure {
  code: string;
  name: string;
  priority: boolean;
  inhabitants?: number;
  value: number | null;
  suppressed?: boolean;
  // Filled in when the figures are shown as rates (per 1,000 inhabitants, ...).
  rate?: number | null;
}

export interface Rate {
  code: string;
  label: string;
  per: number;
}

export interface IndicatorByArea {
  indicator: string;
  label: string;
  measure: string;
  period: string;
  level: string;
  // The rates the indicator can be shown as (per 1.000 inwoners, ...), and the one asked for.
  rates?: Rate[];
  rate?: Rate;
  areas: AreaFigure[];
}

let geometryCache: Promise<AreaGeometry> | null = null;
function areaGeometry(): Promise<AreaGeometry> {
  geometryCache ??= get<AreaGeometry>("/areas/geometry");
  geometryCache.catch(() => (geometryCache = null));
  return geometryCache;
}

export function indicatorByArea(code: string, period: string, rate = ""): Promise<IndicatorByArea> {
  const q = new URLSearchParams({ period });
  if (rate) q.set("rate", rate);
  return get<IndicatorByArea>(`/indicators/${encodeURIComponent(code)}/areas?${q}`);
}

export interface MapOptions {
  period: string;
  indicator: string;
  label: string;
  // Opens a buurt's figures (the dashboard for that area).
  open: (code: string) => void;
  // A rate code to show the figures as (the catalogue's rates), or "" for counts.
  rate?: string;
  // An area to mark (a signal's buurt, opened from the signal list): outlined
  // on top of the others and named as marked for screen readers.
  marked?: string;
}

const classes = 5;

// The class breaks: equal steps from zero to the largest value, so that the
// legend reads simply ("0 – 12"); all zeros fall in the first class.
function breaks(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return Array.from({ length: classes }, (_, i) => (max * (i + 1)) / classes);
}

function classOf(value: number, steps: number[]): number {
  for (let i = 0; i < steps.length; i++) if (value <= steps[i]) return i;
  return steps.length - 1;
}

// Coordinates in degrees (WGS84, as RFC 7946 and PDOK give them) are drawn
// in Mercator; the kaart's own RD New metres as they are, north up.
function projected(features: AreaFeature[]): boolean {
  let big = false;
  const walk = (c: unknown): void => {
    if (big || !Array.isArray(c)) return;
    if (typeof c[0] === "number") {
      if (Math.abs(c[0]) > 360 || Math.abs(c[1] as number) > 360) big = true;
      return;
    }
    for (const x of c) walk(x);
  };
  for (const f of features) walk(f.geometry.coordinates);
  return big;
}

function shownValue(figure: AreaFigure, digits: number): string {
  if (figure.suppressed) return t("disclosure.suppressed");
  if (figure.value === null || figure.value === undefined) return "–";
  return formatNumber(figure.value, digits);
}

// Draws the map and its table into `container` (emptied first); a switch
// above them shows the figures as counts or as one of the rates.
export async function renderMap(container: HTMLElement, options: MapOptions): Promise<void> {
  const [geometry, byArea] = await Promise.all([
    areaGeometry().catch(() => ({ type: "FeatureCollection", features: [] }) as AreaGeometry),
    indicatorByArea(options.indicator, options.period, options.rate ?? ""),
  ]);
  const asRate = Boolean(byArea.rate);
  const value = (f: AreaFigure) => (asRate ? (f.rate ?? null) : f.value);
  const digits = asRate ? 1 : 0;
  const unit = byArea.rate ? byArea.rate.label : t("map.value");
  const text = (f: AreaFigure) => {
    if (f.suppressed) return t("disclosure.suppressed");
    const v = value(f);
    return v === null || v === undefined ? "–" : formatNumber(v, digits);
  };
  const figures = new Map(byArea.areas.map((a) => [a.code, a]));
  const buurten = geometry.features.filter((f) => f.properties.level === "buurt" && figures.has(f.properties.code));
  const values = byArea.areas.map((a) => value(a)).filter((v): v is number => typeof v === "number");
  const steps = breaks(values);

  const captionId = uid("map");
  const figure = h("figure", { class: "grip-map", "aria-labelledby": captionId });
  const caption = h("figcaption", { class: "utrecht-paragraph grip-map__caption", id: captionId },
    t("map.caption", { indicator: options.label, period: byArea.period }));
  if (buurten.length === 0) {
    figure.append(caption, h("p", { class: "utrecht-paragraph", "data-testid": "map-empty" }, t("map.noBoundaries")));
  } else {
    const width = 640;
    const height = 520;
    const collection = { type: "FeatureCollection", features: buurten } as unknown as GeoPermissibleObjects;
    const projection = projected(buurten)
      ? geoIdentity().reflectY(true).fitSize([width, height], collection)
      : geoMercator().fitSize([width, height], collection);
    const path = geoPath(projection);
    const svgNs = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("class", "grip-map__svg");
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", t("map.label", { indicator: options.label }));
    const outlines: SVGPathElement[] = [];
    for (const feature of buurten) {
      const f = figures.get(feature.properties.code)!;
      const v = value(f);
      const kind = f.suppressed ? "grip-map__suppressed" : typeof v === "number" ? `grip-map__c${classOf(v, steps)}` : "grip-map__none";
      const d = path(feature as unknown as GeoPermissibleObjects) ?? "";
      const area = document.createElementNS(svgNs, "path");
      area.setAttribute("d", d);
      area.setAttribute("class", `grip-map__area ${kind}`);
      area.setAttribute("tabindex", "0");
      area.setAttribute("role", "button");
      area.setAttribute("data-area", f.code);
      const marked = options.marked === f.code;
      area.setAttribute("aria-label", t(marked ? "map.areaMarked" : "map.area", { name: f.name, value: text(f) }));
      if (marked) area.setAttribute("aria-current", "true");
      const title = document.createElementNS(svgNs, "title");
      title.textContent = `${f.name}: ${text(f)}`;
      area.append(title);
      area.addEventListener("click", () => options.open(f.code));
      area.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          options.open(f.code);
        }
      });
      svg.append(area);
      for (const [outlined, cls] of [[f.priority, "grip-map__priority"], [marked, "grip-map__marked"]] as const) {
        if (!outlined) continue;
        const outline = document.createElementNS(svgNs, "path");
        outline.setAttribute("d", d);
        outline.setAttribute("class", cls);
        outline.setAttribute("aria-hidden", "true");
        outlines.push(outline);
      }
    }
    // The outlines on top, so that no neighbour covers them.
    for (const o of outlines) svg.append(o);

    const legend = h("ul", { class: "grip-map__legend", "aria-label": t("map.legend") },
      steps.map((top, i) =>
        h("li", null, h("span", { class: `grip-map__swatch grip-map__c${i}`, "aria-hidden": "true" }),
          `${formatNumber(i === 0 ? 0 : steps[i - 1], digits)} – ${formatNumber(top, digits)}`)),
      h("li", null, h("span", { class: "grip-map__swatch grip-map__swatch--priority", "aria-hidden": "true" }), t("map.priority")),
      options.marked && figures.has(options.marked)
        ? h("li", { "data-testid": "map-marked" }, h("span", { class: "grip-map__swatch grip-map__swatch--marked", "aria-hidden": "true" }),
            t("map.marked", { name: figures.get(options.marked)!.name }))
        : null,
      byArea.areas.some((a) => a.suppressed)
        ? h("li", null, h("span", { class: "grip-map__swatch grip-map__suppressed", "aria-hidden": "true" }), t("disclosure.suppressed"))
        : null,
    );
    figure.append(svg, caption, legend);
  }

  // The same numbers as a table, each buurt a button that opens it.
  const rows = [...byArea.areas].sort((a, b) => a.name.localeCompare(b.name));
  const table = h(
    "table",
    { class: "utrecht-table grip-map__table", "data-testid": "map-table" },
    h("caption", { class: "utrecht-table__caption" }, t("map.tableCaption", { indicator: options.label, period: byArea.period }), byArea.rate ? ` (${byArea.rate.label})` : ""),
    h("thead", { class: "utrecht-table__header" },
      h("tr", { class: "utrecht-table__row" },
        h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("area.buurt")),
        h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("area.isPriority")),
        h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, unit))),
    h("tbody", { class: "utrecht-table__body" },
      rows.map((f) =>
        h("tr", { class: "utrecht-table__row", "data-area": f.code },
          h("th", { class: "utrecht-table__header-cell", scope: "row" },
            h("button", { type: "button", class: "utrecht-link-button utrecht-link-button--html-button", onclick: () => options.open(f.code) }, f.name)),
          h("td", { class: "utrecht-table__cell" }, f.priority ? t("common.yes") : t("common.no")),
          h("td", { class: "utrecht-table__cell grip-num" }, asRate ? text(f) : shownValue(f, digits))))),
  );
  // Counts or a rate: a choice that draws the map again.
  let switcher: HTMLElement | null = null;
  if (byArea.rates && byArea.rates.length > 0) {
    const id = uid("map-rate");
    const select = h("select", { id, class: "utrecht-select utrecht-select--html-select", "data-testid": "map-rate" },
      h("option", { value: "" }, t("map.counts")),
      byArea.rates.map((r) => h("option", { value: r.code }, r.label)));
    select.value = byArea.rate?.code ?? "";
    // The switch is drawn again with the map: the focus stays on it.
    select.addEventListener("change", () =>
      void renderMap(container, { ...options, rate: select.value }).then(() =>
        container.querySelector<HTMLSelectElement>('[data-testid="map-rate"]')?.focus()));
    switcher = h("div", { class: "utrecht-form-field grip-map__switch" },
      h("label", { class: "utrecht-form-label", for: id }, t("map.showAs")), " ", select);
  }
  container.replaceChildren(
    ...(switcher ? [switcher] : []),
    h("div", { class: "grip-map__layout" }, figure,
      h("div", { class: "grip-table-scroll grip-map__table-box", role: "region", tabindex: "0", "aria-label": t("map.tableCaption", { indicator: options.label, period: byArea.period }) }, table)),
  );
}
