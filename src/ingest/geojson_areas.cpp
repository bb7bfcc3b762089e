#include "ingest/geojson_areas.h"

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/strict_json.h"

namespace grip::ingest {
namespace json = boost::json;
namespace {

// A position: two or three numbers (the kaart gives two; a height is kept).
std::optional<std::string> position_error(const json::value& p) {
    if (!p.is_array()) return "a position is not an array of numbers";
    const auto& a = p.get_array();
    if (a.size() < 2 || a.size() > 3) return "a position has not two (or three) numbers";
    for (const auto& n : a)
        if (!n.is_number()) return "a position holds something other than a number";
    return std::nullopt;
}

// A linear ring: at least four positions, the first and the last the same.
std::optional<std::string> ring_error(const json::value& r, size_t index) {
    if (!r.is_array()) return fmt::format("ring {} is not an array of positions", index + 1);
    const auto& a = r.get_array();
    for (const auto& p : a)
        if (auto e = position_error(p)) return fmt::format("ring {}: {}", index + 1, *e);
    if (a.size() < 4) return fmt::format("ring {} has {} positions; a ring needs at least four", index + 1, a.size());
    const auto& first = a.front().get_array();
    const auto& last = a.back().get_array();
    if (first.size() != last.size() || first[0].to_number<double>() != last[0].to_number<double>() ||
        first[1].to_number<double>() != last[1].to_number<double>())
        return fmt::format("ring {} is not closed (its first and last positions differ)", index + 1);
    return std::nullopt;
}

std::optional<std::string> polygon_error(const json::value& poly) {
    if (!poly.is_array() || poly.get_array().empty()) return "a polygon is not a non-empty array of rings";
    const auto& rings = poly.get_array();
    for (size_t i = 0; i < rings.size(); ++i)
        if (auto e = ring_error(rings[i], i)) return e;
    return std::nullopt;
}

std::optional<std::string> geometry_error(const json::value& g) {
    if (!g.is_object()) return "the feature has no geometry";
    const auto& o = g.get_object();
    const auto* type = o.if_contains("type");
    const auto* coordinates = o.if_contains("coordinates");
    if (!type || !type->is_string()) return "the geometry has no type";
    if (type->get_string() != "Polygon" && type->get_string() != "MultiPolygon")
        return fmt::format("the geometry is a {}, not a Polygon or MultiPolygon",
                           std::string_view(type->get_string()).substr(0, 40));
    if (!coordinates) return "the geometry has no coordinates";
    if (type->get_string() == "Polygon") return polygon_error(*coordinates);
    if (!coordinates->is_array() || coordinates->get_array().empty())
        return "a MultiPolygon's coordinates are not a non-empty array of polygons";
    const auto& polys = coordinates->get_array();
    for (size_t i = 0; i < polys.size(); ++i)
        if (auto e = polygon_error(polys[i])) return fmt::format("polygon {}: {}", i + 1, *e);
    return std::nullopt;
}

// The feature's area code: its buurt's, else its wijk's; empty if none.
std::string code_of(const json::object& properties) {
    for (const char* key : {"buurtcode", "BU_CODE", "wijkcode", "WK_CODE"})
        if (const auto* v = properties.if_contains(key); v && v->is_string() && !v->get_string().empty())
            return std::string(v->get_string());
    return {};
}

// "feature 3 (BU05990101)" or "feature 3".
std::string feature_name(size_t index, std::string_view code) {
    if (code.empty() || code.size() > 16) return fmt::format("feature {}", index + 1);
    return fmt::format("feature {} ({})", index + 1, code);
}

}  // namespace

Result<AreaGeometries> read_area_geometries(std::string_view text, const std::vector<indicators::AreaInfo>& areas,
                                            std::string_view municipality) {
    auto parsed = parse_json_strict(text);
    if (!parsed) return Error::invalid(fmt::format("not a GeoJSON file: {}", parsed.error().message));
    if (!parsed->is_object()) return Error::invalid("not a GeoJSON FeatureCollection: the file is not a JSON object");
    const auto& root = parsed->get_object();
    const auto* type = root.if_contains("type");
    const auto* features = root.if_contains("features");
    if (!type || !type->is_string() || type->get_string() != "FeatureCollection" || !features || !features->is_array())
        return Error::invalid(
            "not a GeoJSON FeatureCollection: the file needs \"type\": \"FeatureCollection\" and "
            "an array of \"features\"");
    // A code's municipality is its four digits after BU or WK: GM0599's
    // buurten are BU0599xxxx, its wijken WK0599xx.
    const std::string_view digits = municipality.size() == 6 ? municipality.substr(2) : std::string_view();
    std::set<std::string> known;
    for (const auto& a : areas)
        if (a.level == "buurt" || a.level == "wijk") known.insert(a.code);
    AreaGeometries out;
    std::set<std::string> seen;
    const auto& list = features->get_array();
    for (size_t i = 0; i < list.size(); ++i) {
        const auto* feature_type = list[i].is_object() ? list[i].get_object().if_contains("type") : nullptr;
        if (!feature_type || !feature_type->is_string() || feature_type->get_string() != "Feature")
            return Error::invalid(fmt::format("{}: not a GeoJSON Feature", feature_name(i, {})));
        const auto& feature = list[i].get_object();
        const auto* properties = feature.if_contains("properties");
        const std::string code = properties && properties->is_object() ? code_of(properties->get_object()) : "";
        if (code.empty())
            return Error::invalid(
                fmt::format("{}: no area code (buurtcode or wijkcode) in its properties", feature_name(i, {})));
        const bool ours = code.size() >= 6 && code.substr(2, 4) == digits;
        if (!ours) {
            ++out.skipped;
            continue;
        }
        if (!known.count(code))
            return Error::invalid(fmt::format("{}: not a buurt or wijk of {} in the store (load the areas first)",
                                              feature_name(i, code), municipality));
        if (!seen.insert(code).second)
            return Error::invalid(fmt::format("{}: the same area as an earlier feature", feature_name(i, code)));
        const auto* geometry = feature.if_contains("geometry");
        if (!geometry) return Error::invalid(fmt::format("{}: the feature has no geometry", feature_name(i, code)));
        if (auto e = geometry_error(*geometry)) return Error::invalid(fmt::format("{}: {}", feature_name(i, code), *e));
        json::object g{{"type", geometry->at("type")}, {"coordinates", geometry->at("coordinates")}};
        out.areas.push_back({code, json::serialize(g)});
    }
    if (out.areas.empty())
        return Error::invalid(fmt::format("no buurt or wijk of {} in the file ({} features of other municipalities)",
                                          municipality, out.skipped));
    return out;
}

Result<AreaGeometries> import_area_geometries(storage::Store& store, const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Error::io(fmt::format("cannot read {}", file.string()));
    auto read = read_area_geometries(text.str(), TRY(store.areas()), store.municipality());
    if (!read) return Error::invalid(fmt::format("{}: {}", file.filename().string(), read.error().message));
    TRY(store.begin());
    if (auto put = storage::replace_area_geometries(store, read->areas); !put) {
        store.rollback();
        return put.take_error();
    }
    TRY(store.commit());
    return read;
}

}  // namespace grip::ingest
