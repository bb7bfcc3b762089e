// /api/v1/checks: the data-quality list of a period, the checks across
// figures of the catalogue that the period's figures break (warnings, never
// refusals); see src/quality/figure_checks.h.

#include <algorithm>

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/services.h"
#include "quality/figure_checks.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

Answer checks(Call& call) {
    const auto period = Period::parse(call.query_value("period"));
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    const auto& catalogue = call.services.catalogue.catalogue;
    auto outcome = TRY(quality::checks_of(*call.db.store, catalogue, call.db.indicators(catalogue), *period));
    // An own-scope user (a chain partner, who reads no indicators) sees the
    // checks of its own locations only.
    if (call.own_scope()) {
        const auto& mine = call.actor->locations;
        std::erase_if(outcome.broken, [&](const quality::CheckFinding& f) {
            return f.location.empty() || std::find(mine.begin(), mine.end(), f.location) == mine.end();
        });
    }
    return json_response(status::ok, json::object{{"period", period->text()},
                                                  {"checks", static_cast<int64_t>(catalogue.checks.size())},
                                                  {"evaluated", outcome.evaluated},
                                                  {"broken", outcome.to_json()}});
}

}  // namespace

void add_check_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/checks",
                Access::SignedIn,
                "deliveries.read",
                checks,
                {"getChecks",
                 "The checks across figures that a period's figures break",
                 "deliveries",
                 {{"period", "YYYY, YYYY-Qn or YYYY-MM (required)"}},
                 "",
                 {},
                 {{200, "The broken checks of the period", "CheckList"},
                  {400, "Bad period", "Problem"},
                  kNotSignedIn,
                  kRoleMayNot}}});
}

}  // namespace grip::api
