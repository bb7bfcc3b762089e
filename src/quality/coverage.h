#pragma once
// The coverage of a figure: whether the sources the delivery calendar
// expects for the records an indicator counts (its activity or aggregate
// type) have delivered for the period asked. Pure: from a calendar of the
// period's year.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "quality/delivery_calendar.h"

namespace grip::quality {

struct Coverage {
    int64_t expected = 0;              // sources expected for some part of the period
    int64_t delivered = 0;             // of them, those with nothing missing (on time or late)
    int64_t pending = 0;               // of them, those with a part not yet due and nothing missing
    std::vector<std::string> missing;  // names of sources with a part past due and nothing delivered
    std::vector<std::string> late;     // names of sources that delivered a part after its due date
    bool complete() const { return missing.empty(); }
    boost::json::object to_json() const;
};

// The coverage of `indicator` for `period`, or nothing when the calendar
// expects no source for what it counts (an indicator on locations, or a
// type nobody is expected to deliver).
std::optional<Coverage> coverage_of(const catalogue::IndicatorDef& indicator, const DeliveryCalendar& calendar,
                                    const Period& period);

}  // namespace grip::quality
