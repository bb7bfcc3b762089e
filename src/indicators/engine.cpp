#include "indicators/engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "indicators/figure_values.h"

namespace grip::indicators {
namespace json = boost::json;
using catalogue::Measure;

int64_t IndicatorFigure::number() const { return value.is_number() ? value.to_number<int64_t>() : 0; }
int64_t IndicatorFigure::previous_number() const { return previous.is_number() ? previous.to_number<int64_t>() : 0; }

const IndicatorFigure* IndicatorSet::find(std::string_view code) const {
    for (const auto& f : figures)
        if (f.def->code == code) return &f;
    return nullptr;
}

json::object IndicatorSet::to_json() const {
    json::object out;
    out["period"] = range ? range->text() : period.text();
    if (range) {
        out["from"] = range->first.iso();
        out["to"] = range->last.iso();
        if (!range->code.empty()) out["range"] = range->code;
    }
    out["area"] = area_code;
    out["area_name"] = area_name;
    json::object inds;
    for (const auto& f : figures) {
        json::object o;
        o["value"] = f.value;
        o["previous"] = f.previous;
        o["label"] = f.def->label;
        o["definition"] = f.def->definition;
        o["theme"] = f.def->theme;
        o["measure"] = catalogue::measure_name(f.def->measure);
        if (!f.def->unit.empty()) o["unit"] = f.def->unit;
        inds[f.def->code] = std::move(o);
    }
    out["indicators"] = std::move(inds);
    return out;
}

// What one evaluation reads from the store, once for many periods and areas.
struct Engine::Snapshot {
    AreaTree areas;
    // (tally, period, area) -> value; distributions keep their values apart.
    struct Key {
        int32_t tally, period, area;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return std::hash<int64_t>{}((static_cast<int64_t>(k.tally) << 42) ^ (static_cast<int64_t>(k.period) << 12) ^
                                        static_cast<int64_t>(k.area + 1024));
        }
    };
    std::unordered_map<Key, int64_t, KeyHash> numbers;
    std::unordered_map<Key, std::vector<std::pair<std::string, int64_t>>, KeyHash> distributions;
    std::unordered_set<int32_t> periods_with_data;
    // Locations and aggregates with the area keys they count under.
    std::vector<std::pair<storage::StoredRecord, std::vector<int32_t>>> locations;
    std::vector<std::pair<storage::StoredRecord, std::vector<int32_t>>> aggregates;
    // (type, day) -> area key -> distinct persons active on that day
    std::map<std::pair<std::string, std::string>, std::unordered_map<int32_t, int64_t>> active;
};

Engine::Engine(storage::Store& store, const catalogue::Catalogue& catalogue)
    : store_(store), catalogue_(catalogue), tallies_(tallies_for(catalogue)) {
    for (size_t i = 0; i < tallies_.size(); ++i) tally_ids_[tallies_[i].name] = static_cast<int32_t>(i);
}

Result<AreaTree> Engine::area_tree() { return AreaTree(TRY(store_.areas())); }

Result<std::unique_ptr<Engine::Snapshot>> Engine::load(const std::vector<Period>& periods,
                                                       const std::vector<int32_t>& area_keys) {
    auto snap = std::make_unique<Snapshot>();
    snap->areas = AreaTree(TRY(store_.areas()));
    std::set<int32_t> keys;
    std::set<std::string> days;
    for (const auto& p : periods) {
        keys.insert(p.key());
        keys.insert(p.previous().key());
        days.insert(p.last_day().iso());
        days.insert(p.previous().last_day().iso());
    }
    std::vector<int32_t> areas = area_keys;
    // The whole municipality tells whether a period has data at all.
    if (!areas.empty() && std::find(areas.begin(), areas.end(), kAreaAll) == areas.end()) areas.push_back(kAreaAll);
    const auto cells = TRY(store_.cells(std::vector<int32_t>(keys.begin(), keys.end()), areas));
    for (const auto& [k, n] : cells) {
        if (k.area == kAreaAll && n != 0) snap->periods_with_data.insert(k.period);
        if (k.tally < 0 || static_cast<size_t>(k.tally) >= tallies_.size()) continue;
        const Snapshot::Key key{k.tally, k.period, k.area};
        if (tallies_[static_cast<size_t>(k.tally)].kind == TallyKind::Distribution) {
            if (n != 0) snap->distributions[key].emplace_back(k.value, n);
        } else {
            snap->numbers[key] += n;
        }
    }
    auto keyed = [&](std::vector<storage::StoredRecord> records) {
        std::vector<std::pair<storage::StoredRecord, std::vector<int32_t>>> out;
        for (auto& r : records) {
            std::vector<int32_t> keys;
            const auto area = r.record.text("area");
            snap->areas.keys_for(area.empty() ? 0 : snap->areas.id_of(area).value_or(0), keys);
            out.emplace_back(std::move(r), std::move(keys));
        }
        return out;
    };
    snap->locations = keyed(TRY(store_.all_current(records::Kind::Location)));
    snap->aggregates = keyed(TRY(store_.all_current(records::Kind::Aggregate)));
    for (const auto& [a, keys] : snap->aggregates) {
        if (auto p = Period::parse(a.record.text("period"))) {
            for (int32_t k : keys) {
                auto kp = Period::from_key(k);
                if (kp && kp->contains(*p)) snap->periods_with_data.insert(k);
            }
        }
    }
    const std::vector<std::string> day_list(days.begin(), days.end());
    for (const auto& ind : catalogue_.indicators) {
        if (ind.measure != Measure::ActiveAtEnd) continue;
        // Every day of the type in one read (one round trip on PostgreSQL).
        std::map<std::string, std::vector<storage::ActiveActivity>> active_by_day;
        bool loaded = false;
        for (const auto& day : days) {
            auto& counts = snap->active[{ind.activity_type, day}];
            if (!counts.empty()) continue;
            if (!loaded) {
                active_by_day = TRY(store_.active_on_days(ind.activity_type, day_list));
                loaded = true;
            }
            std::unordered_map<int32_t, std::unordered_set<int64_t>> persons;
            std::vector<int32_t> keys;
            for (const auto& a : active_by_day[day]) {
                if (a.person_subject == 0) continue;
                keys.clear();
                snap->areas.keys_for(a.area_id, keys);
                for (int32_t k : keys) persons[k].insert(a.person_subject);
            }
            for (const auto& [k, set] : persons) counts[k] = static_cast<int64_t>(set.size());
        }
    }
    return snap;
}

namespace {

bool in_area(const std::vector<int32_t>& keys, int32_t key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

json::value distribution_json(std::vector<std::pair<std::string, int64_t>> values) {
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    json::array out;
    for (auto& [v, n] : values) out.push_back(json::array{json::value(v), json::value(n)});
    return out;
}

}  // namespace

IndicatorSet Engine::evaluate(const Snapshot& snap, const Period& period, int32_t area_key) {
    IndicatorSet set;
    set.period = period;
    set.area_key = area_key;
    set.area_code = snap.areas.code_of_key(area_key, store_.municipality());
    set.area_name = area_key == kAreaAll ? catalogue_.municipality_name_of(store_.municipality())
                                         : snap.areas.label_of_key(area_key);

    auto number = [&](const std::string& tally, const Period& p) -> int64_t {
        auto it = tally_ids_.find(tally);
        if (it == tally_ids_.end()) return 0;
        auto n = snap.numbers.find({it->second, p.key(), area_key});
        return n == snap.numbers.end() ? 0 : n->second;
    };
    auto value_of = [&](const catalogue::IndicatorDef& d, const Period& p) -> json::value {
        const std::string day = p.last_day().iso();
        switch (d.measure) {
            case Measure::Count:
            case Measure::SumCount:
            case Measure::DistinctPersons:
            case Measure::DistinctAddresses: return number(d.code, p);
            case Measure::SharePct: return share(number(d.code + "#num", p), number(d.code + "#den", p));
            case Measure::Distribution: {
                auto it = tally_ids_.find(d.code);
                if (it == tally_ids_.end()) return json::array();
                auto dist = snap.distributions.find({it->second, p.key(), area_key});
                return dist == snap.distributions.end() ? json::value(json::array()) : distribution_json(dist->second);
            }
            case Measure::AggregateSum: {
                double sum = 0;
                for (const auto& [a, keys] : snap.aggregates) {
                    if (a.record.text("type") != d.aggregate_type) continue;
                    auto ap = Period::parse(a.record.text("period"));
                    if (!ap || !p.contains(*ap) || !in_area(keys, area_key)) continue;
                    sum += a.record.fields.at("value").to_number<double>();
                }
                if (sum == static_cast<double>(static_cast<int64_t>(sum))) return static_cast<int64_t>(sum);
                return sum;
            }
            case Measure::Capacity:
            case Measure::OpenLocations: {
                int64_t total = 0;
                for (const auto& [l, keys] : snap.locations) {
                    if (l.record.text("type") != d.location_type || !open_on(l, day) || !in_area(keys, area_key))
                        continue;
                    if (d.measure == Measure::OpenLocations) ++total;
                    else if (auto* c = l.record.fields.if_contains("capacity"); c && c->is_int64())
                        total += c->get_int64();
                }
                return total;
            }
            case Measure::ActiveAtEnd: {
                auto it = snap.active.find({d.activity_type, day});
                if (it == snap.active.end()) return 0;
                auto n = it->second.find(area_key);
                return n == it->second.end() ? 0 : n->second;
            }
        }
        return nullptr;
    };
    const Period previous = period.previous();
    const bool previous_has_data = snap.periods_with_data.count(previous.key()) > 0;
    for (const auto& d : catalogue_.indicators) {
        IndicatorFigure f;
        f.def = &d;
        f.value = value_of(d, period);
        if (d.measure == Measure::SharePct) f.base = number(d.code + "#den", period);
        f.previous = previous_has_data ? value_of(d, previous) : json::value(nullptr);
        set.figures.push_back(std::move(f));
    }
    return set;
}

Result<IndicatorSet> Engine::compute(const Period& period, std::string_view area) {
    auto tree = TRY(area_tree());
    std::optional<int32_t> key;
    if (area.empty() || area == store_.municipality()) key = kAreaAll;
    else key = tree.key_for_request(area);
    if (!key) return Error::not_found("unknown area: give a buurt, wijk or gemeente code, priority or rest");
    auto snap = TRY(load({period}, {*key}));
    return evaluate(*snap, period, *key);
}

Result<std::vector<IndicatorSet>> Engine::compute_many(const std::vector<Period>& periods,
                                                       const std::vector<int32_t>& area_keys) {
    auto snap = TRY(load(periods, area_keys));
    std::vector<IndicatorSet> out;
    out.reserve(periods.size() * area_keys.size());
    for (const auto& p : periods)
        for (int32_t a : area_keys) out.push_back(evaluate(*snap, p, a));
    return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> Engine::by_buurt(const Period& period, std::string_view code) {
    auto it = tally_ids_.find(std::string(code));
    if (it == tally_ids_.end()) return std::vector<std::pair<std::string, int64_t>>{};
    auto tree = TRY(area_tree());
    std::vector<int32_t> buurten;
    for (const auto& a : tree.areas())
        if (a.level == "buurt") buurten.push_back(a.id);
    if (buurten.empty()) return std::vector<std::pair<std::string, int64_t>>{};
    const auto cells = TRY(store_.cells({period.key()}, buurten));
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& [k, n] : cells)
        if (k.tally == it->second && n > 0) out.emplace_back(tree.label_of_key(k.area), n);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

Result<std::vector<Date>> Engine::opened_in(const Period& period, std::string_view location_type) {
    std::vector<Date> out;
    for (const auto& l : TRY(store_.all_current(records::Kind::Location))) {
        if (l.record.text("type") != location_type) continue;
        if (auto d = Date::parse(l.record.text("opened")); d && period.contains(*d)) out.push_back(*d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace grip::indicators
