#pragma once
// The rows of the figures the store keeps, as plain data: the areas with
// their stable ids, the cells (per tally, period key and area key a number,
// for a distribution also per value) and the memberships of distinct
// tallies. Counting them is indicators/' business (cells.h, area_tree.h,
// which use these types); the store only reads and writes them, so that
// storage/ depends on nothing of indicators/.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace grip::storage {

struct AreaInfo {
    int32_t id = 0;  // stable id given by the store, > 0
    std::string code;
    std::string name;
    std::string level;   // gemeente, wijk, buurt
    std::string parent;  // area code, may be empty
    bool priority = false;
    int64_t inhabitants = 0;
};

// The ids of areas by their codes, for a store that resolves the area code a
// record names (indicators::AreaTree is the whole hierarchy).
class AreaIds {
public:
    explicit AreaIds(const std::vector<AreaInfo>& areas) {
        for (const auto& a : areas) by_code_.emplace(a.code, a.id);
    }
    std::optional<int32_t> id_of(std::string_view code) const {
        auto it = by_code_.find(std::string(code));
        if (it == by_code_.end()) return std::nullopt;
        return it->second;
    }

private:
    std::unordered_map<std::string, int32_t> by_code_;
};

struct CellKey {
    int32_t tally = 0;
    int32_t period = 0;  // Period::key()
    int32_t area = 0;    // an area key (see indicators/area_tree.h)
    std::string value;   // the attribute value of a distribution, else empty
    bool operator==(const CellKey&) const = default;
};

struct CellKeyHash {
    size_t operator()(const CellKey& k) const {
        size_t h = std::hash<int64_t>{}((static_cast<int64_t>(k.tally) << 40) ^ (static_cast<int64_t>(k.period) << 12) ^
                                        static_cast<int64_t>(k.area + 4096));
        return h ^ (std::hash<std::string>{}(k.value) * 31);
    }
};

using CellDeltas = std::unordered_map<CellKey, int64_t, CellKeyHash>;

// One row of a (tally, subject) membership: the subject has `n` matching
// activities in this month and leaf area.
struct MemberRow {
    int32_t month = 0;  // month index
    int32_t area = 0;   // leaf area id, 0 for none
    int64_t n = 0;
    bool operator==(const MemberRow&) const = default;
};

// A subject counted by a distinct tally somewhere in a span of months, with
// the leaf area (0 for none) it was counted in: what the distinct counts of a
// date range take the union of (indicators/range_figures).
struct RangeMember {
    int32_t tally = 0;
    int64_t subject = 0;
    int32_t area = 0;
};

}  // namespace grip::storage
