#pragma once
// The Count terms of the checks across figures (the activities of a type
// dated in a period whose attributes meet conditions), counted per month
// from what a delivery places, as it places them. A delivery into a store
// that held no current record of the municipality (ImportReport::first_load)
// leaves exactly the activities it placed, so these counts are the store's,
// and the checks after the import need not read every activity back
// (count_in_store, the reference, pages through them all).
// tests/unit/check_counts_test.cpp compares the two on both backends.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "records/record.h"

namespace grip::quality {

class CheckCounts {
public:
    // The Count terms of the catalogue's city-level checks.
    explicit CheckCounts(const catalogue::Catalogue& catalogue);

    // A record as the delivery now stores it (a new version or a
    // withdrawal; not one left unchanged): what an earlier version of it in
    // this delivery counted is taken back, and what this one counts added.
    void placed(const records::Record& record);

    // The number of current activities `term` counts in `period`; nullopt
    // when the term is not one of the catalogue's Count terms.
    std::optional<int64_t> count(const catalogue::CheckTerm& term, const Period& period) const;

private:
    // What one activity counts: the term (its index in terms_) and the month index.
    using Contribution = std::pair<int32_t, int32_t>;
    struct MonthKeyHash {
        size_t operator()(const Contribution& k) const {
            return std::hash<int64_t>{}((static_cast<int64_t>(k.first) << 32) ^ k.second);
        }
    };
    std::vector<catalogue::CheckTerm> terms_;
    std::unordered_map<Contribution, int64_t, MonthKeyHash> counts_;
    // The activities of this delivery that count now, by id: only those,
    // so that a correction or a withdrawal can take back what they counted.
    std::unordered_map<std::string, std::vector<Contribution>> counted_;
};

}  // namespace grip::quality
