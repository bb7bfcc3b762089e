// /api/v1/region/indicators: the figures of the municipalities of the
// installation that agreed to share them (the catalogue's `municipalities`,
// `shares_figures`), side by side and summed for the region. For the
// regional role: figures only, never a record of any municipality.

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/services.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using catalogue::Measure;

namespace {

// How a measure adds up over municipalities: "exact" when the municipalities'
// values add up to the region's; "per_municipality" when a person counted in
// two municipalities counts twice; "none" when they do not add (a share).
std::string_view summing(Measure measure) {
    switch (measure) {
        case Measure::DistinctPersons:
        case Measure::ActiveAtEnd: return "per_municipality";
        case Measure::SharePct: return "none";
        default: return "exact";  // counts, sums, capacity, locations, distinct addresses, distributions
    }
}

// a + b for numbers, and value by value for distributions [[value, count], ...].
json::value add(const json::value& a, const json::value& b) {
    if (a.is_null()) return b;
    if (b.is_null()) return a;
    if (a.is_array() && b.is_array()) {
        std::vector<std::pair<json::value, int64_t>> sum;
        for (const auto* list : {&a.get_array(), &b.get_array()})
            for (const auto& pair : *list) {
                const auto& key = pair.as_array().at(0);
                const int64_t n = pair.as_array().at(1).to_number<int64_t>();
                auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& s) { return s.first == key; });
                if (it == sum.end()) sum.emplace_back(key, n);
                else it->second += n;
            }
        json::array out;
        for (auto& [key, n] : sum) out.push_back(json::array{key, n});
        return out;
    }
    if (a.is_int64() && b.is_int64()) return a.get_int64() + b.get_int64();
    return a.to_number<double>() + b.to_number<double>();
}

Answer region_indicators(Call& call) {
    const auto period = Period::parse(call.query_value("period"));
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    const auto& cat = call.services.catalogue.catalogue;
    auto& store = *call.db.store;
    auto& engine = call.db.indicators(cat);
    json::array members, not_sharing;
    json::object region;
    for (const auto& m : cat.municipalities) {
        if (!m.shares_figures) {
            not_sharing.push_back(json::object{{"code", m.code}, {"name", m.name}});
            continue;
        }
        // The connection works for each sharing municipality in turn, and
        // reads its figures only.
        TRY(store.set_municipality(m.code));
        auto set = TRY(engine.compute(*period, ""));
        json::object figures;
        for (const auto& f : set.figures) {
            figures[f.def->code] = json::object{{"value", f.value}, {"previous", f.previous}};
            auto& total = region[f.def->code];
            if (total.is_null()) {
                total = json::object{{"label", f.def->label},
                                     {"definition", f.def->definition},
                                     {"theme", f.def->theme},
                                     {"measure", catalogue::measure_name(f.def->measure)},
                                     {"summing", summing(f.def->measure)},
                                     {"value", nullptr},
                                     {"previous", nullptr}};
            }
            auto& t = total.as_object();
            if (summing(f.def->measure) == "none") continue;
            t["value"] = add(t["value"], f.value);
            t["previous"] = add(t["previous"], f.previous);
        }
        members.push_back(json::object{{"code", m.code}, {"name", m.name}, {"indicators", std::move(figures)}});
    }
    (void)store.set_municipality(call.actor->municipality);
    return json_response(status::ok, json::object{{"period", period->text()},
                                                  {"municipalities", std::move(members)},
                                                  {"not_sharing", std::move(not_sharing)},
                                                  {"region", std::move(region)}});
}

}  // namespace

void add_region_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/region/indicators",
                Access::SignedIn,
                "indicators.region",
                region_indicators,
                {"getRegionIndicators",
                 "The indicators of a period for every municipality of the installation that shares its figures, and "
                 "summed for the region (figures only, never records)",
                 "indicators",
                 {{"period", "YYYY, YYYY-Qn or YYYY-MM (required)"}},
                 "",
                 {},
                 {{200, "The figures per municipality and for the region", "RegionIndicators"},
                  {400, "Bad period", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read the region's figures", "Problem"}}}});
}

}  // namespace grip::api
