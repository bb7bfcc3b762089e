#pragma once
// A signal: an area where a rule of the catalogue (catalogue/watch.h) found
// growth beyond chance in a period, with the figures behind it and an
// explanation in Dutch words. The shape of `grip signals --format json`,
// GET /api/v1/signals and the report's annex.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/date.h"

namespace grip::signals {

struct Signal {
    std::string rule;  // the rule's code
    std::string rule_label;
    std::string indicator;  // the indicator's code
    std::string indicator_label;
    std::string area;  // the area's code (a buurt or wijk), to find it on the map
    std::string area_name;
    int32_t area_key = 0;        // the area's key (indicators::AreaTree)
    int64_t value = 0;           // the count in the period
    double baseline = 0;         // the count it is compared with (a mean over several periods)
    std::optional<double> rate;  // the rule's rate in the period, when it has one and it is known
    std::string rate_label;
    double p_value = 1;  // after the correction for the number of areas tested
    std::string explanation;

    boost::json::object to_json() const;
};

struct SignalList {
    Period period = Period::year_of(2000);
    std::vector<Signal> signals;
    boost::json::object to_json() const;
};

}  // namespace grip::signals
