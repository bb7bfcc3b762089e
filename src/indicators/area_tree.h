#pragma once
// The area hierarchy (gemeente > wijk > buurt) and the keys under which an
// activity is counted: its own area, every wijk above it, the whole
// municipality, and the priority or rest group.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/figure_rows.h"

namespace grip::indicators {

// Area keys besides the ids of wijken and buurten.
inline constexpr int32_t kAreaAll = 0;        // the whole municipality, also activities without an area
inline constexpr int32_t kAreaPriority = -1;  // the prioritised buurten
inline constexpr int32_t kAreaRest = -2;      // every other area of the municipality

// The rows of the areas as the store keeps them (storage/figure_rows.h).
using storage::AreaInfo;

class AreaTree {
public:
    AreaTree() = default;
    explicit AreaTree(std::vector<AreaInfo> areas);

    const std::vector<AreaInfo>& areas() const { return areas_; }
    const AreaInfo* find(int32_t id) const;
    const AreaInfo* find(std::string_view code) const;
    std::optional<int32_t> id_of(std::string_view code) const;

    // Appends the keys an activity in area `id` counts under (0: no area).
    void keys_for(int32_t id, std::vector<int32_t>& out) const;

    // The key for a requested area: a buurt or wijk code, a gemeente code,
    // "priority" or "rest". Empty when unknown.
    std::optional<int32_t> key_for_request(std::string_view area) const;
    // The label of a key for people: the area's name, "prioritaire wijken", ...
    std::string label_of_key(int32_t key) const;
    std::string code_of_key(int32_t key, std::string_view municipality_code) const;
    // The codes of the areas whose activities count under a key (a wijk:
    // itself and its buurten; priority: the prioritised buurten).
    std::vector<std::string> codes_under(int32_t key) const;
    // Every key with its own figures: all, priority, rest, each wijk and buurt.
    std::vector<int32_t> all_keys() const;

private:
    std::vector<AreaInfo> areas_;
    std::unordered_map<int32_t, size_t> by_id_;
    std::unordered_map<std::string, size_t> by_code_;
};

}  // namespace grip::indicators
