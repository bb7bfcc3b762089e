#pragma once
// Rates: a count per 1,000 inhabitants or per 100 registered EU migrants
// (the catalogue's `rates`, catalogue/watch.h). The denominators per area key
// and period are read once from the store (the areas' inhabitants, the
// aggregates of a type); the rate itself is a pure function. A rate is
// absent where its denominator is unknown or zero: never 0, never infinite.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "common/result.h"
#include "indicators/area_tree.h"
#include "indicators/engine.h"
#include "storage/store.h"

namespace grip::indicators {

// count * per / denominator; empty when the denominator is unknown or not
// positive.
std::optional<double> rate_of(double count, std::optional<double> denominator, int64_t per);

// A rate as JSON: rounded to two decimals, null when absent.
boost::json::value rate_json(std::optional<double> rate);

class RateDenominators {
public:
    // Reads the areas and the aggregates the catalogue's rates divide by.
    static Result<RateDenominators> load(storage::Store& store, const catalogue::Catalogue& catalogue);
    // From what is already read (tests, and callers that hold the records).
    RateDenominators(AreaTree areas, const std::vector<storage::StoredRecord>& aggregates,
                     const catalogue::Catalogue& catalogue);

    const AreaTree& areas() const { return areas_; }

    // The denominator of a rate for an area key in a period:
    //  - inhabitants: the area's own `inhabitants` when it has them, else the
    //    sum over the buurten under the key (a wijk, the priority group, the
    //    whole municipality); the same in every period;
    //  - an aggregate type: per area record, the value delivered for the
    //    period itself, else for the period that holds it (a year's figure
    //    for its quarters and months), else the last one inside it (a stock
    //    at the period's end); summed over the areas under the key.
    // Empty when nothing is known.
    std::optional<double> denominator(const catalogue::RateDef& rate, int32_t area_key, const Period& period) const;

    // The rate of a figure's value (a number) for an area key and period.
    std::optional<double> rate(const catalogue::RateDef& rate, const boost::json::value& count, int32_t area_key,
                               const Period& period) const;

private:
    struct Delivered {
        Period period;
        double value;
    };
    AreaTree areas_;
    // aggregate type -> area code -> what was delivered for it
    std::map<std::string, std::map<std::string, std::vector<Delivered>>> aggregates_;
};

// Adds the rate to each count figure of an indicator set's JSON
// (IndicatorSet::to_json), and the rate asked for as "rate": {code, label,
// per}. A figure the disclosure rule suppressed ("suppressed": true, for a
// public role) gets a null rate: the rate and its denominator would give
// the count back.
void add_rates(boost::json::object& set_json, const IndicatorSet& set, const catalogue::RateDef& rate,
               const RateDenominators& denominators);

}  // namespace grip::indicators
