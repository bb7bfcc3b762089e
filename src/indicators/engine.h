#pragma once
// The indicator engine: the figures of the catalogue for a period and an
// area, each with the previous period beside it. Counts, sums, distributions
// and distinct persons or addresses come from the figures maintained at write
// time (a lookup, whatever the number of activities); measures on locations,
// aggregates and activities active at a date are computed when asked.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "indicators/area_tree.h"
#include "indicators/date_range.h"
#include "indicators/tally.h"
#include "storage/store.h"

namespace grip::indicators {

struct IndicatorFigure {
    const catalogue::IndicatorDef* def = nullptr;
    boost::json::value value;     // a number, or for a distribution [[value, count], ...]
    boost::json::value previous;  // the same for the previous period, or null
    int64_t base = -1;            // a share: its denominator (for the disclosure rule)
    int64_t number() const;       // the value as a whole number (0 for a distribution)
    int64_t previous_number() const;
};

struct IndicatorSet {
    Period period = Period::year_of(2000);
    std::string area_code;
    std::string area_name;
    int32_t area_key = kAreaAll;
    std::vector<IndicatorFigure> figures;  // in catalogue order
    // Set for the figures of a date range (indicators/range_figures.h):
    // `period` is then its first tile, and the JSON names the range.
    std::optional<DateRange> range;

    const IndicatorFigure* find(std::string_view code) const;
    boost::json::object to_json() const;
};

class Engine {
public:
    Engine(storage::Store& store, const catalogue::Catalogue& catalogue);

    // `area`: empty or a gemeente code for the whole municipality, a wijk or
    // buurt code, `priority` or `rest`.
    Result<IndicatorSet> compute(const Period& period, std::string_view area);
    // Many periods and areas at once, reading the store once: the figures of
    // a year per month, quarter and year for every area.
    Result<std::vector<IndicatorSet>> compute_many(const std::vector<Period>& periods,
                                                   const std::vector<int32_t>& area_keys);
    Result<AreaTree> area_tree();

    // Per area key, the value of a count indicator in a period: for the
    // report's "in which neighbourhoods" (buurten only, largest first).
    Result<std::vector<std::pair<std::string, int64_t>>> by_buurt(const Period& period, std::string_view code);
    // Locations of a type opened within a period (for "opened in June").
    Result<std::vector<Date>> opened_in(const Period& period, std::string_view location_type);

private:
    struct Snapshot;
    Result<std::unique_ptr<Snapshot>> load(const std::vector<Period>& periods, const std::vector<int32_t>& area_keys);
    IndicatorSet evaluate(const Snapshot& snap, const Period& period, int32_t area_key);

    storage::Store& store_;
    const catalogue::Catalogue& catalogue_;
    std::vector<Tally> tallies_;
    std::map<std::string, int32_t> tally_ids_;
};

}  // namespace grip::indicators
