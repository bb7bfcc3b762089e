// /api/v1/deliveries/calendar: the delivery calendar of a year, which
// sources were expected to deliver what for each period and whether they did
// (on time, late, missing, not yet due); see src/quality/delivery_calendar.h.

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/services.h"
#include "common/date.h"
#include "quality/delivery_calendar.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// An own-scope user (a chain partner) sees the rows of its own organisation
// and locations only: which other partners deliver late is not its business.
bool sees(const Call& call, const quality::CalendarRow& row) {
    if (!call.own_scope()) return true;
    if (!row.source.is_location) return row.source.id == call.actor->organisation;
    for (const auto& l : call.actor->locations)
        if (l == row.source.id) return true;
    return false;
}

Answer calendar(Call& call) {
    const auto year = whole_number(call.query_value("year"), 1900, 9999);
    if (!year) return problem(status::bad_request, "which year?", {{"year", "required: YYYY"}});
    const std::string now = utc_stamp(call.services.clock.now());
    auto cal =
        TRY(quality::calendar_of(*call.db.store, call.services.catalogue.catalogue, static_cast<int>(*year), now));
    std::erase_if(cal.rows, [&](const quality::CalendarRow& row) { return !sees(call, row); });
    return json_response(status::ok, quality::calendar_json(cal, now));
}

}  // namespace

void add_calendar_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/deliveries/calendar",
                Access::SignedIn,
                "deliveries.read",
                calendar,
                {"getDeliveryCalendar",
                 "Which sources delivered for which periods of a year: on time, late, missing",
                 "deliveries",
                 {{"year", "YYYY (required)", "integer"}},
                 "",
                 {},
                 {{200, "Sources by periods, with their state", "DeliveryCalendar"},
                  {400, "Bad year", "Problem"},
                  kNotSignedIn,
                  kRoleMayNot}}});
}

}  // namespace grip::api
