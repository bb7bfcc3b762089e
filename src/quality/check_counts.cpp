#include "quality/check_counts.h"

#include <algorithm>

#include "quality/figure_checks.h"

namespace grip::quality {
using catalogue::CheckTermKind;

CheckCounts::CheckCounts(const catalogue::Catalogue& catalogue) {
    for (const auto& c : catalogue.checks) {
        if (!c.location_type.empty()) continue;
        for (const auto* t : {&c.left, &c.right})
            if (t->kind == CheckTermKind::Count && std::find(terms_.begin(), terms_.end(), *t) == terms_.end())
                terms_.push_back(*t);
    }
}

void CheckCounts::placed(const records::Record& record) {
    if (record.kind != records::Kind::Activity || terms_.empty()) return;
    // What this version counts: the rule of count_in_store (the activity's
    // type, the month of its date, `meets` on its attributes), for the one record.
    std::vector<Contribution> now;
    if (!record.withdrawn) {
        const auto type = record.text("type");
        const auto date = Date::parse(record.text("date"));
        for (size_t i = 0; date && i < terms_.size(); ++i)
            if (terms_[i].code == type && meets(record.fields, terms_[i].where))
                now.emplace_back(static_cast<int32_t>(i), date->month_index());
    }
    const auto before = counted_.find(record.id);
    if (before == counted_.end() && now.empty()) return;  // most activities: counted by no term, before or now
    if (before != counted_.end()) {
        for (const auto& c : before->second) --counts_[c];
        counted_.erase(before);
    }
    for (const auto& c : now) ++counts_[c];
    if (!now.empty()) counted_.emplace(record.id, std::move(now));
}

std::optional<int64_t> CheckCounts::count(const catalogue::CheckTerm& term, const Period& period) const {
    const auto it = std::find(terms_.begin(), terms_.end(), term);
    if (it == terms_.end()) return std::nullopt;
    const auto index = static_cast<int32_t>(it - terms_.begin());
    int64_t n = 0;
    for (int32_t m = period.first_month_index(); m <= period.last_month_index(); ++m)
        if (const auto c = counts_.find({index, m}); c != counts_.end()) n += c->second;
    return n;
}

}  // namespace grip::quality
