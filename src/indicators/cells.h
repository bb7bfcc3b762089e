#pragma once
// The figures the store maintains: per tally, period key and area key a
// number (for a distribution also per value), and for distinct tallies the
// memberships that tell whether a person or address is already counted.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "indicators/area_tree.h"
#include "indicators/tally.h"
#include "storage/figure_rows.h"

namespace grip::indicators {

// The rows of the figures as the store keeps them (storage/figure_rows.h).
using storage::CellDeltas;
using storage::CellKey;
using storage::CellKeyHash;
using storage::MemberRow;
using storage::RangeMember;

// The period keys a month counts in: the month, its quarter and its year.
void period_keys_of_month(int32_t month_index, int32_t out[3]);

// The additive part of contributions at the finest grain: tally, month,
// leaf area (0 for none) and value. Many activities share such a cell, so a
// delivery adds to few of them; `expand` spreads them over every period and
// area key they count in.
struct FineKey {
    int32_t tally = 0;
    int32_t month = 0;
    int32_t area = 0;
    std::string value;
    bool operator==(const FineKey&) const = default;
};
struct FineKeyHash {
    size_t operator()(const FineKey& k) const {
        return std::hash<int64_t>{}((static_cast<int64_t>(k.tally) << 48) ^ (static_cast<int64_t>(k.month) << 20) ^
                                    k.area) ^
               (std::hash<std::string>{}(k.value) * 31);
    }
};
using FineDeltas = std::unordered_map<FineKey, int64_t, FineKeyHash>;
void expand(const FineDeltas& fine, const AreaTree& areas, CellDeltas& cells);

// Adds (sign = +1) or removes (sign = -1) the additive part of an activity's
// contribution to `fine`, and calls `member` for each distinct tally it
// matches with (tally id, subject, month, area, sign). `candidates` are the
// ids of the tallies of the activity's type (all tallies when null).
using MemberChange = std::function<void(int32_t tally, int64_t subject, int32_t month, int32_t area, int sign)>;
void contribute(const std::vector<Tally>& tallies, const std::vector<int32_t>* candidates, const ActivityFacts& facts,
                int sign, FineDeltas& fine, const MemberChange& member);

// Applies one membership change to a subject's rows and adds the resulting
// changes of the distinct counts to `cells`: a coarse cell (period, area)
// changes only when the subject starts or stops being counted in it.
void apply_member_change(int32_t tally, std::vector<MemberRow>& rows, int32_t month, int32_t area, int sign,
                         const AreaTree& areas, CellDeltas& cells);

}  // namespace grip::indicators
