#pragma once
// A tally is what the store maintains at write time for an indicator: a
// count, a sum of `count`, a distribution over an attribute, or the distinct
// persons or addresses of the activities that match a filter. An indicator
// of the catalogue compiles into zero, one or two tallies (share_pct needs a
// numerator and a denominator); measures on locations, aggregates and
// activities active at a date are computed when read.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"

namespace grip::indicators {

enum class TallyKind { Count, SumCount, Distribution, DistinctPersons, DistinctAddresses };

struct Tally {
    std::string name;  // the indicator code, or code#num / code#den
    TallyKind kind = TallyKind::Count;
    std::string activity_type;
    std::vector<catalogue::Condition> where;
    std::string attribute;  // for Distribution

    bool is_distinct() const { return kind == TallyKind::DistinctPersons || kind == TallyKind::DistinctAddresses; }
};

// The tallies of a catalogue; a tally's id is its index in this list.
std::vector<Tally> tallies_for(const catalogue::Catalogue& catalogue);

// What an activity is, resolved through its references, for counting.
struct ActivityFacts {
    std::string_view type;
    int32_t month_index = 0;  // Date::month_index() of its date
    int64_t count = 0;
    const boost::json::object* attributes = nullptr;
    int64_t person_subject = 0;  // 0: no (countable) person
    std::string_view nationality;
    std::string_view brp;
    int64_t address_subject = 0;  // 0: no address
    int32_t area_id = 0;          // 0: no area
    std::string_view location_type;
};

bool matches(const std::vector<catalogue::Condition>& where, const ActivityFacts& facts);

}  // namespace grip::indicators
