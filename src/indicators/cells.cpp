#include "indicators/cells.h"

#include <algorithm>

#include "common/date.h"

namespace grip::indicators {

void period_keys_of_month(int32_t month_index, int32_t out[3]) {
    const int year = month_index / 12;
    const int month = month_index % 12 + 1;
    out[0] = Period::month_of(year, month).key();
    out[1] = Period::quarter_of(year, (month - 1) / 3 + 1).key();
    out[2] = Period::year_of(year).key();
}

void expand(const FineDeltas& fine, const AreaTree& areas, CellDeltas& cells) {
    std::vector<int32_t> area_keys;
    int32_t periods[3];
    for (const auto& [k, delta] : fine) {
        if (delta == 0) continue;
        area_keys.clear();
        areas.keys_for(k.area, area_keys);
        period_keys_of_month(k.month, periods);
        for (int32_t p : periods)
            for (int32_t a : area_keys) cells[CellKey{k.tally, p, a, k.value}] += delta;
    }
}

void contribute(const std::vector<Tally>& tallies, const std::vector<int32_t>* candidates, const ActivityFacts& facts,
                int sign, FineDeltas& fine, const MemberChange& member) {
    auto one = [&](int32_t id) {
        const Tally& tally = tallies[static_cast<size_t>(id)];
        if (tally.activity_type != facts.type || !matches(tally.where, facts)) return;
        if (tally.is_distinct()) {
            const int64_t subject =
                tally.kind == TallyKind::DistinctPersons ? facts.person_subject : facts.address_subject;
            if (subject != 0) member(id, subject, facts.month_index, facts.area_id, sign);
            return;
        }
        auto add = [&](std::string value, int64_t amount) {
            fine[FineKey{id, facts.month_index, facts.area_id, std::move(value)}] += sign * amount;
        };
        switch (tally.kind) {
            case TallyKind::Count: add({}, 1); break;
            case TallyKind::SumCount: add({}, facts.count); break;
            case TallyKind::Distribution: {
                const auto* v = facts.attributes ? facts.attributes->if_contains(tally.attribute) : nullptr;
                if (!v) break;
                if (v->is_array()) {
                    for (const auto& e : v->get_array())
                        if (e.is_string()) add(std::string(e.get_string()), 1);
                } else if (v->is_string()) {
                    add(std::string(v->get_string()), 1);
                }
                break;
            }
            default: break;
        }
    };
    if (candidates) {
        for (int32_t id : *candidates) one(id);
    } else {
        for (size_t t = 0; t < tallies.size(); ++t) one(static_cast<int32_t>(t));
    }
}

namespace {

// Whether any row with n > 0, other than `skip`, lies in the coarse cell.
bool covered(const std::vector<MemberRow>& rows, const MemberRow* skip, int32_t period_key, int32_t area_key,
             const AreaTree& areas, std::vector<int32_t>& scratch) {
    const auto period = Period::from_key(period_key);
    for (const auto& r : rows) {
        if (&r == skip || r.n <= 0) continue;
        if (!period->contains(Period::month_at(r.month))) continue;
        scratch.clear();
        areas.keys_for(r.area, scratch);
        if (std::find(scratch.begin(), scratch.end(), area_key) != scratch.end()) return true;
    }
    return false;
}

}  // namespace

void apply_member_change(int32_t tally, std::vector<MemberRow>& rows, int32_t month, int32_t area, int sign,
                         const AreaTree& areas, CellDeltas& cells) {
    auto it =
        std::find_if(rows.begin(), rows.end(), [&](const MemberRow& r) { return r.month == month && r.area == area; });
    if (it == rows.end()) {
        if (sign < 0) return;  // nothing to remove: the store was already consistent
        rows.push_back({month, area, 0});
        it = rows.end() - 1;
    }
    const int64_t before = it->n;
    it->n += sign;
    if (it->n < 0) it->n = 0;
    const bool was = before > 0;
    const bool is = it->n > 0;
    if (was != is) {
        // This row switched on or off: each coarse cell it lies in changes
        // only when no other row of the subject covers that cell.
        std::vector<int32_t> keys;
        areas.keys_for(area, keys);
        int32_t periods[3];
        period_keys_of_month(month, periods);
        std::vector<int32_t> scratch;
        for (int32_t p : periods) {
            for (int32_t a : keys) {
                if (!covered(rows, &*it, p, a, areas, scratch)) cells[CellKey{tally, p, a, {}}] += is ? 1 : -1;
            }
        }
    }
    if (it->n == 0) rows.erase(it);
}

}  // namespace grip::indicators
