#include "indicators/area_tree.h"

#include <algorithm>

namespace grip::indicators {

AreaTree::AreaTree(std::vector<AreaInfo> areas) : areas_(std::move(areas)) {
    for (size_t i = 0; i < areas_.size(); ++i) {
        by_id_[areas_[i].id] = i;
        by_code_[areas_[i].code] = i;
    }
}

const AreaInfo* AreaTree::find(int32_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &areas_[it->second];
}

const AreaInfo* AreaTree::find(std::string_view code) const {
    auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? nullptr : &areas_[it->second];
}

std::optional<int32_t> AreaTree::id_of(std::string_view code) const {
    const auto* a = find(code);
    if (!a) return std::nullopt;
    return a->id;
}

void AreaTree::keys_for(int32_t id, std::vector<int32_t>& out) const {
    out.push_back(kAreaAll);
    const AreaInfo* a = id > 0 ? find(id) : nullptr;
    if (!a) return;
    bool priority = false;
    // Walk up to the gemeente; a cycle in bad data must not hang the walk.
    for (int depth = 0; a && depth < 8; ++depth) {
        if (a->level != "gemeente") {
            out.push_back(a->id);
            priority = priority || a->priority;
        }
        a = a->parent.empty() ? nullptr : find(a->parent);
    }
    out.push_back(priority ? kAreaPriority : kAreaRest);
}

std::optional<int32_t> AreaTree::key_for_request(std::string_view area) const {
    if (area.empty() || area == "all") return kAreaAll;
    if (area == "priority") return kAreaPriority;
    if (area == "rest") return kAreaRest;
    const auto* a = find(area);
    if (!a) {
        // A gemeente code of the programme's municipality is the whole city
        // even before its area record was delivered.
        if (area.starts_with("GM")) return std::nullopt;
        return std::nullopt;
    }
    if (a->level == "gemeente") return kAreaAll;
    return a->id;
}

std::string AreaTree::label_of_key(int32_t key) const {
    if (key == kAreaAll) return "hele gemeente";
    if (key == kAreaPriority) return "geprioriteerde wijken";
    if (key == kAreaRest) return "overige wijken";
    const auto* a = find(key);
    return a ? a->name : std::string();
}

std::string AreaTree::code_of_key(int32_t key, std::string_view municipality_code) const {
    if (key == kAreaAll) {
        for (const auto& a : areas_)
            if (a.level == "gemeente") return a.code;
        return std::string(municipality_code);
    }
    if (key == kAreaPriority) return "priority";
    if (key == kAreaRest) return "rest";
    const auto* a = find(key);
    return a ? a->code : std::string();
}

std::vector<int32_t> AreaTree::all_keys() const {
    std::vector<int32_t> keys{kAreaAll, kAreaPriority, kAreaRest};
    for (const auto& a : areas_)
        if (a.level != "gemeente") keys.push_back(a.id);
    return keys;
}

std::vector<std::string> AreaTree::codes_under(int32_t key) const {
    std::vector<std::string> out;
    std::vector<int32_t> keys;
    for (const auto& a : areas_) {
        keys.clear();
        keys_for(a.id, keys);
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) out.push_back(a.code);
    }
    return out;
}

}  // namespace grip::indicators
