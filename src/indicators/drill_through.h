#pragma once
// What is behind a figure: the records it counts. A figure of the engine is
// a lookup in the maintained figures; here the same counting rule
// (`contribute`, the one the figure keeper applies at write time) is run
// over the records of the period, so that the records listed are exactly
// those counted: their number (a count), their counts (a sum), their
// distinct persons or addresses, their parts, or the locations and
// aggregates a measure reads, make the figure again. The test of that is
// tests/unit/drill_through_test.cpp, on every indicator and area of the
// demo city.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "common/result.h"
#include "indicators/area_tree.h"
#include "indicators/tally.h"
#include "storage/store.h"

namespace grip::indicators {

// One record behind a figure.
struct CountedRecord {
    records::Kind kind = records::Kind::Activity;
    std::string id;
    std::string date;          // an activity's date, an aggregate's period, a location's opening
    int64_t delivery = 0;      // the delivery of its current version
    std::string organisation;  // the source it came from: its organisation and location, when it names them
    std::string location;
    std::string person;              // an activity's person record, when it names one
    int64_t subject = 0;             // distinct measures: the person or address counted (a store id: never shown)
    double weight = 1;               // what it adds: 1, its count, a location's capacity, an aggregate's value
    std::string part;                // a share: "num" or "den"; a distribution: the value it counts under
    std::vector<int32_t> area_keys;  // the area keys it counts under
};

class DrillThrough {
public:
    DrillThrough(storage::Store& store, const catalogue::Catalogue& catalogue);

    // Every record that counts in the indicator in the period, whatever its
    // area (area_keys say where), in (kind, id) order.
    Result<std::vector<CountedRecord>> counted(const catalogue::IndicatorDef& indicator, const Period& period);
    // Those of them that count under one area key.
    static std::vector<CountedRecord> under(const std::vector<CountedRecord>& records, int32_t area_key);
    // The figure the records make, as the engine gives it (a number, or a
    // distribution's [[value, count], ...]).
    static boost::json::value value_of(const catalogue::IndicatorDef& indicator,
                                       const std::vector<CountedRecord>& records);
    // Distinct measures: the persons or addresses counted.
    static int64_t subjects_of(const std::vector<CountedRecord>& records);

    const AreaTree& areas() const { return areas_; }
    Status load_areas();

private:
    Result<std::vector<CountedRecord>> activities(const catalogue::IndicatorDef& indicator, const Period& period);
    Result<std::vector<CountedRecord>> active_at_end(const catalogue::IndicatorDef& indicator, const Period& period);

    storage::Store& store_;
    const catalogue::Catalogue& catalogue_;
    std::vector<Tally> tallies_;
    AreaTree areas_;
    bool areas_loaded_ = false;
};

}  // namespace grip::indicators
