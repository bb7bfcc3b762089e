#pragma once
// The delivery calendar as a pure function: from the catalogue's
// expectations, the organisations and locations the store holds and what came
// in from each of them (Store::source_arrivals), the state of every source
// in every period of a year. No store, no clock: `now` is given.
//
// What "delivered" means: a source delivered for a period when at least one
// current record of the expected types that names it (as organisation or
// location) is dated in the period (aggregates: has a period inside it). The
// records came in when their first version was stored; the delivery is on
// time when the last of them came in on or before the due date (the
// period's last day plus the expectation's due days, whole UTC days), late
// when some came in after it. Nothing yet: missing once the due date has
// passed, else not yet due. A location is expected only in the periods it is
// open.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "catalogue/quality.h"
#include "common/date.h"
#include "storage/store.h"

namespace grip::quality {

enum class DeliveryState { OnTime, Late, Missing, NotYetDue, NotExpected };
std::string_view state_name(DeliveryState state);

// An organisation or a location as the calendar needs it.
struct Source {
    bool is_location = false;
    std::string id;
    std::string name;
    std::string type;
    std::optional<Date> opened, closed;  // locations
};

struct CalendarCell {
    Period period = Period::year_of(2000);
    Date due;
    DeliveryState state = DeliveryState::NotExpected;
    int64_t records = 0;
    std::string last_at;  // when the last of the period's records came in, or empty
};

struct CalendarRow {
    const catalogue::DeliveryExpectation* expectation = nullptr;
    Source source;
    std::vector<CalendarCell> cells;  // the year's months or quarters, in order
};

struct DeliveryCalendar {
    int year = 0;
    std::vector<CalendarRow> rows;  // by source name, then by the expectation's order
};

// `now`: the time it is, UTC ISO 8601 ("2026-12-06T14:47:35Z").
DeliveryCalendar build_calendar(const std::vector<catalogue::DeliveryExpectation>& expectations,
                                const std::vector<Source>& sources, const std::vector<storage::SourceArrival>& arrivals,
                                int year, std::string_view now);

// The calendar as the API and `grip checks` give it: the year, today, and
// per row the source, what it delivers and its cells.
boost::json::object calendar_json(const DeliveryCalendar& calendar, std::string_view now);

// The organisations and locations of the store, as sources.
Result<std::vector<Source>> load_sources(storage::Store& store);

// The calendar of a year from the store (arrivals of that year).
Result<DeliveryCalendar> calendar_of(storage::Store& store, const catalogue::Catalogue& catalogue, int year,
                                     std::string_view now);

}  // namespace grip::quality
