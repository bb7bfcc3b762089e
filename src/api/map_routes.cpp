// The map: /api/v1/areas/geometry, the boundaries of the municipality's
// buurten and wijken as GeoJSON (from `grip import --geojson` or the demo's
// generated ones), revalidated with an ETag since they change once a year
// at most; and /api/v1/indicators/{code}/areas, one indicator's figure per
// buurt (or wijk) for a period, through the disclosure rule for the public
// role (a suppressed figure is null with "suppressed": true, never a small
// number).

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/map_routes.h"
#include "api/problem.h"
#include "api/services.h"
#include "disclosure/public_figures.h"
#include "indicators/engine.h"
#include "indicators/rates.h"
#include "storage/area_geometry.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;
namespace json = boost::json;
namespace bhttp = boost::beast::http;

namespace {

// A strong validator of the body (FNV-1a, as the web files have).
std::string etag_of(std::string_view body) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : body) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return fmt::format("\"{:016x}-{:x}\"", hash, body.size());
}

Answer geometry(Call& call) {
    auto& store = *call.db.store;
    auto rows = TRY(storage::area_geometries(store));
    auto areas = TRY(store.areas());
    indicators::AreaTree tree(std::move(areas));
    json::array features;
    for (const auto& row : rows) {
        const auto* area = tree.find(row.code);
        if (!area) continue;  // an area no longer in the store
        auto geometry = json::parse(row.geometry);
        features.push_back(json::object{{"type", "Feature"},
                                        {"id", row.code},
                                        {"properties", json::object{{"code", area->code},
                                                                    {"name", area->name},
                                                                    {"level", area->level},
                                                                    {"parent", area->parent},
                                                                    {"priority", area->priority}}},
                                        {"geometry", std::move(geometry)}});
    }
    const auto body = json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
    const auto etag = etag_of(body);
    const auto match = call.request.find(bhttp::field::if_none_match);
    const bool unchanged = match != call.request.end() && match->value() == etag;
    http::Response response = text_response(unchanged ? status::not_modified : status::ok, "application/json",
                                            unchanged ? std::string() : body);
    // A 304 has no content, so no content type either.
    if (unchanged) response.erase(bhttp::field::content_type);
    response.set(bhttp::field::etag, etag);
    response.set(bhttp::field::cache_control, "private, no-cache");
    return response;
}

Answer by_area(Call& call) {
    const auto& catalogue = call.services.catalogue.catalogue;
    const auto* def = catalogue.indicator(call.path.at("code"));
    if (!def) return problem(status::not_found, "no such indicator");
    const auto period = Period::parse(call.query_value("period"));
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    const auto level_text = call.query_value("level");
    const std::string level = level_text.empty() ? "buurt" : level_text;
    if (level != "buurt" && level != "wijk")
        return problem(status::bad_request, "which level?", {{"level", "buurt (default) or wijk"}});
    // A rate (the catalogue's rates, src/indicators/rates): each buurt's
    // count divided as GET /api/v1/indicators?rate= divides it.
    const auto rate_code = call.query_value("rate");
    const catalogue::RateDef* rate = nullptr;
    if (!rate_code.empty()) {
        rate = catalogue.rate(rate_code);
        if (!rate)
            return problem(status::bad_request, "no such rate", {{"rate", "a rate code of the catalogue's rates"}});
    }
    std::optional<indicators::RateDenominators> denominators;
    if (rate && catalogue::is_count_measure(def->measure)) {
        auto loaded = TRY(indicators::RateDenominators::load(*call.db.store, catalogue));
        denominators = std::move(loaded);
    }
    auto& engine = call.db.indicators(catalogue);
    auto tree = TRY(engine.area_tree());
    std::vector<int32_t> keys;
    for (const auto& a : tree.areas())
        if (a.level == level) keys.push_back(a.id);
    // The public role: the year's figures as published decide.
    std::optional<disclosure::PublicFigures> published;
    if (call.role().public_figures) {
        auto figures = TRY(disclosure::PublicFigures::of_year(engine, catalogue, period->year()));
        published = std::move(figures);
    }
    auto sets = TRY(engine.compute_many({*period}, keys));
    json::array list;
    for (const auto& set : sets) {
        const auto* f = set.find(def->code);
        const auto* area = tree.find(set.area_key);
        json::object o{{"code", set.area_code}, {"name", set.area_name}, {"priority", area && area->priority}};
        if (area) o["inhabitants"] = area->inhabitants;
        json::value value = f ? f->value : json::value(nullptr);
        // A distribution on the map is its total.
        if (value.is_array()) {
            int64_t total = 0;
            for (const auto& part : value.get_array()) total += part.get_array()[1].to_number<int64_t>();
            value = total;
        }
        if (published && published->of(*period, set.area_key, def->code) != disclosure::Publication::Published) {
            value = nullptr;
            o["suppressed"] = true;
        }
        // A withheld count gets no rate: the rate and its denominator would give it back.
        if (rate)
            o["rate"] = denominators && !o.contains("suppressed")
                            ? indicators::rate_json(denominators->rate(*rate, value, set.area_key, *period))
                            : json::value(nullptr);
        o["value"] = std::move(value);
        list.push_back(std::move(o));
    }
    // The rates this indicator can be shown as (none for a share, a
    // distribution, beds or open locations), for the map's switch.
    json::array rates;
    if (catalogue::is_count_measure(def->measure))
        for (const auto& r : catalogue.rates)
            rates.push_back(json::object{{"code", r.code}, {"label", r.label}, {"per", r.per}});
    json::object out{
        {"indicator", def->code},   {"label", def->label}, {"measure", catalogue::measure_name(def->measure)},
        {"period", period->text()}, {"level", level},      {"rates", std::move(rates)},
        {"areas", std::move(list)}};
    if (rate) out["rate"] = json::object{{"code", rate->code}, {"label", rate->label}, {"per", rate->per}};
    return json_response(status::ok, out);
}

}  // namespace

void add_map_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/areas/geometry",
                Access::SignedIn,
                "indicators.read",
                geometry,
                {"getAreaGeometry",
                 "The boundaries of the municipality's buurten and wijken (GeoJSON), revalidated with an ETag",
                 "indicators",
                 {},
                 "",
                 {},
                 {{200, "A GeoJSON FeatureCollection (empty when no boundaries were loaded)", "AreaGeometry"},
                  {304, "Not modified (If-None-Match)", ""},
                  kNotSignedIn,
                  {403, "The role may not read indicators", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/indicators/{code}/areas",
                Access::SignedIn,
                "indicators.read",
                by_area,
                {"getIndicatorByArea",
                 "One indicator's figure per buurt (or wijk) for a period, as the role may see it (the map)",
                 "indicators",
                 {{"period", "YYYY, YYYY-Qn or YYYY-MM (required)"},
                  {"level", "buurt (default) or wijk"},
                  {"rate",
                   "A rate code of the catalogue (per_1000_inwoners, ...): each area gains `rate`, null where the "
                   "denominator is unknown or zero"}},
                 "",
                 {},
                 {{200, "The figure per area", "IndicatorByArea"},
                  {400, "Bad period, level or rate", "Problem"},
                  kNotSignedIn,
                  {403, "The role may not read indicators", "Problem"},
                  {404, "No such indicator", "Problem"}}}});
}

json::object map_schemas() {
    return json::parse(R"json({
  "AreaGeometry": {"type": "object", "required": ["type", "features"],
    "description": "GeoJSON FeatureCollection of the municipality's buurten and wijken",
    "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
      "features": {"type": "array", "items": {"type": "object", "required": ["type", "id", "properties", "geometry"],
        "properties": {"type": {"type": "string"}, "id": {"type": "string"},
          "properties": {"type": "object", "required": ["code", "name", "level", "parent", "priority"],
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "level": {"type": "string"},
              "parent": {"type": "string"}, "priority": {"type": "boolean"}}},
          "geometry": {"type": "object", "required": ["type", "coordinates"],
            "properties": {"type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array", "description": "Rings of [x, y] positions (a Polygon), or polygons of them (a MultiPolygon), as GeoJSON gives them", "items": {"type": "array", "items": {}}}}}}}}}},
  "IndicatorByArea": {"type": "object", "required": ["indicator", "label", "measure", "period", "level", "rates", "areas"],
    "properties": {"indicator": {"type": "string"}, "label": {"type": "string"}, "measure": {"type": "string"},
      "period": {"type": "string"}, "level": {"type": "string"},
      "rates": {"type": "array", "description": "The rates the indicator can be shown as", "items": {"type": "object",
        "required": ["code", "label", "per"], "properties": {"code": {"type": "string"}, "label": {"type": "string"}, "per": {"type": "integer"}}}},
      "rate": {"type": "object", "description": "The rate asked for", "properties": {"code": {"type": "string"}, "label": {"type": "string"}, "per": {"type": "integer"}}},
      "areas": {"type": "array", "items": {"type": "object", "required": ["code", "name", "priority", "value"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "priority": {"type": "boolean"},
          "inhabitants": {"type": "integer"}, "value": {"type": "number", "nullable": true},
          "rate": {"type": "number", "nullable": true, "description": "With ?rate=: the value per the rate's base, null where unknown or withheld"},
          "suppressed": {"type": "boolean", "description": "The disclosure rule withholds it (public role)"}}}}}},
  "FigureRecords": {"type": "object",
    "required": ["indicator", "label", "measure", "period", "area", "area_name", "value", "total", "records", "shown", "withheld", "items", "next_cursor"],
    "properties": {"indicator": {"type": "string"}, "label": {"type": "string"}, "measure": {"type": "string"},
      "period": {"type": "string"}, "area": {"type": "string"}, "area_name": {"type": "string"},
      "value": {"description": "The figure as the indicators give it (a number, or a distribution's [value, count] pairs)"},
      "total": {"description": "What the records make: equal to value"},
      "subjects": {"type": "integer", "description": "Distinct measures: the persons or addresses counted"},
      "records": {"type": "integer"}, "shown": {"type": "integer"}, "withheld": {"type": "integer", "description": "Records outside the role's need-to-know, counted, not listed"},
      "items": {"type": "array", "items": {"type": "object", "description": "A record as the role may see it, with _counted: what it adds"}},
      "next_cursor": {"type": "string", "nullable": true}}},
  "FigureProvenance": {"type": "object",
    "required": ["indicator", "label", "measure", "period", "area", "area_name", "value", "total", "records", "sources"],
    "properties": {"indicator": {"type": "string"}, "label": {"type": "string"}, "measure": {"type": "string"},
      "period": {"type": "string"}, "area": {"type": "string"}, "area_name": {"type": "string"},
      "value": {}, "total": {}, "subjects": {"type": "integer"}, "records": {"type": "integer"},
      "sources": {"type": "array", "items": {"type": "object", "required": ["organisation", "organisation_name", "location", "location_name", "records", "last_delivered"],
        "properties": {"organisation": {"type": "string", "nullable": true}, "organisation_name": {"type": "string", "nullable": true},
          "location": {"type": "string", "nullable": true}, "location_name": {"type": "string", "nullable": true},
          "records": {"type": "integer"}, "last_delivered": {"type": "string", "nullable": true}}}},
      "deliveries": {"type": "array", "description": "Only for roles that read deliveries", "items": {"type": "object", "required": ["id", "records"],
        "properties": {"id": {"type": "integer"}, "records": {"type": "integer"}, "source": {"type": "string"}, "finished_at": {"type": "string"}}}},
      "merges": {"type": "object", "description": "Distinct persons: person records counted as one person",
        "properties": {"person_records": {"type": "integer"}, "persons": {"type": "integer"}, "merged_records": {"type": "integer"},
          "persons_with_merged_records": {"type": "integer"}}}}}
})json")
        .as_object();
}

}  // namespace grip::api
