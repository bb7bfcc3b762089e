// /api/v1/indicators: the figures of the catalogue for a period and an area,
// live, with the previous period beside each — the same JSON as
// `grip indicators --format json`.

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/services.h"
#include "quality/coverage.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

http::Response indicators(Call& call) {
    const auto period_text = call.query_value("period");
    const auto period = Period::parse(period_text);
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    auto& engine = call.db.indicators(call.services.catalogue.catalogue);
    auto set = engine.compute(*period, call.query_value("area"));
    if (!set) {
        if (set.error().code == ErrorCode::NotFound || set.error().code == ErrorCode::Invalid)
            return problem(status::bad_request, "no such area",
                           {{"area", "an area code (gemeente, wijk, buurt), `priority` or `rest`"}});
        return problem_from(set.error());
    }
    auto out = set->to_json();
    if (call.query_value("coverage") == "true") {
        // Whether the sources the delivery calendar expects for each figure
        // delivered for the period: asked for, since it reads what came in per source.
        const auto& catalogue = call.services.catalogue.catalogue;
        auto calendar = quality::calendar_of(*call.db.store, catalogue, period->year(),
                                             quality::utc_stamp(call.services.clock.now()));
        if (!calendar) return problem_from(calendar.error());
        auto& inds = out["indicators"].as_object();
        for (const auto& f : set->figures)
            if (auto c = quality::coverage_of(*f.def, *calendar, *period)) inds[f.def->code].as_object()["coverage"] = c->to_json();
    }
    return json_response(status::ok, out);
}

}  // namespace

void add_indicator_routes(Router& router) {
    router.add({verb::get, "/api/v1/indicators", Access::SignedIn, "indicators.read", indicators,
                {"getIndicators", "The indicators of a period and an area, with the previous period", "indicators",
                 {{"period", "YYYY, YYYY-Qn or YYYY-MM (required)"},
                  {"area", "A gemeente, wijk or buurt code, `priority` or `rest` (default: the whole municipality)"},
                  {"coverage", "true: each figure says whether its sources in the delivery calendar delivered"}},
                 "", {},
                 {{200, "The figures", "IndicatorSet"},
                  {400, "Bad period or area", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read indicators", "Problem"}}}});
}

}  // namespace grip::api
