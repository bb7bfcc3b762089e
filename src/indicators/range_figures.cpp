#include "indicators/range_figures.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "indicators/tally.h"

namespace grip::indicators {
namespace json = boost::json;
using catalogue::Measure;

namespace {

int64_t range_share(int64_t num, int64_t den) {
    if (den <= 0) return 0;
    return (200 * num + den) / (2 * den);  // 100 * num / den, rounded half up, as the engine
}

// The distinct subjects per tally id in the range's months, counted under
// area key `area_key`.
Result<std::unordered_map<int32_t, int64_t>> range_distinct_counts(storage::Store& store, const AreaTree& tree,
                                                                   const DateRange& range, int32_t area_key) {
    std::unordered_map<int32_t, std::unordered_set<int64_t>> subjects;
    std::unordered_map<int32_t, bool> counts_under;  // leaf area -> whether it counts under area_key
    std::vector<int32_t> keys;
    for (const auto& m : TRY(store.members_in_months(range.first_month(), range.last_month()))) {
        auto it = counts_under.find(m.area);
        if (it == counts_under.end()) {
            keys.clear();
            tree.keys_for(m.area, keys);
            it = counts_under.emplace(m.area, std::find(keys.begin(), keys.end(), area_key) != keys.end()).first;
        }
        if (it->second) subjects[m.tally].insert(m.subject);
    }
    std::unordered_map<int32_t, int64_t> out;
    for (const auto& [tally, set] : subjects) out[tally] = static_cast<int64_t>(set.size());
    return out;
}

// Whether the store has anything dated in the range at all: else the
// comparison with it is null, as for a calendar period without data.
Result<bool> range_has_data(storage::Store& store, const DateRange& range) {
    std::vector<int32_t> months;
    for (int32_t m = range.first_month(); m <= range.last_month(); ++m) months.push_back(Period::month_at(m).key());
    for (const auto& cell : TRY(store.cells(months, {kAreaAll})))
        if (cell.second != 0) return true;
    for (const auto& a : TRY(store.all_current(records::Kind::Aggregate)))
        if (auto p = Period::parse(a.record.text("period")); p && range.contains(*p)) return true;
    return false;
}

json::value add_range_numbers(const json::value& a, const json::value& b) {
    if (a.is_int64() && b.is_int64()) return a.get_int64() + b.get_int64();
    const double sum = a.to_number<double>() + b.to_number<double>();
    if (sum == static_cast<double>(static_cast<int64_t>(sum))) return static_cast<int64_t>(sum);
    return sum;
}

json::value merged_range_distribution(const std::vector<const json::value*>& parts) {
    std::map<std::string, int64_t> counts;
    for (const auto* p : parts)
        if (p->is_array())
            for (const auto& e : p->get_array()) {
                const auto& pair = e.as_array();
                counts[std::string(pair.at(0).as_string())] += pair.at(1).to_number<int64_t>();
            }
    std::vector<std::pair<std::string, int64_t>> values(counts.begin(), counts.end());
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    json::array out;
    for (auto& [v, n] : values) out.push_back(json::array{json::value(v), json::value(n)});
    return out;
}

struct RangeFigureValues {
    std::vector<json::value> values;  // per catalogue indicator
    std::vector<int64_t> bases;
};

// The values of every indicator over a range from its tiles' sets (in tile
// order) and the distinct counts of its months.
RangeFigureValues combine_tiles(const catalogue::Catalogue& catalogue, const std::vector<const IndicatorSet*>& tiles,
                                const std::unordered_map<int32_t, int64_t>& distinct,
                                const std::map<std::string, int32_t>& ids) {
    auto distinct_of = [&](const std::string& tally) -> int64_t {
        auto id = ids.find(tally);
        if (id == ids.end()) return 0;
        auto n = distinct.find(id->second);
        return n == distinct.end() ? 0 : n->second;
    };
    RangeFigureValues out;
    for (size_t i = 0; i < catalogue.indicators.size(); ++i) {
        const auto& d = catalogue.indicators[i];
        json::value v;
        int64_t base = -1;
        switch (d.measure) {
            case Measure::Count:
            case Measure::SumCount:
            case Measure::AggregateSum: {
                v = int64_t{0};
                for (const auto* t : tiles) v = add_range_numbers(v, t->figures[i].value);
                break;
            }
            case Measure::Distribution: {
                std::vector<const json::value*> parts;
                for (const auto* t : tiles) parts.push_back(&t->figures[i].value);
                v = merged_range_distribution(parts);
                break;
            }
            case Measure::ActiveAtEnd:
            case Measure::Capacity:
            case Measure::OpenLocations:
                // Taken at the range's last day, which is its last tile's.
                v = tiles.back()->figures[i].value;
                break;
            case Measure::DistinctPersons:
            case Measure::DistinctAddresses: v = distinct_of(d.code); break;
            case Measure::SharePct:
                base = distinct_of(d.code + "#den");
                v = range_share(distinct_of(d.code + "#num"), base);
                break;
        }
        out.values.push_back(std::move(v));
        out.bases.push_back(base);
    }
    return out;
}

}  // namespace

Result<IndicatorSet> compute_range(Engine& engine, storage::Store& store, const catalogue::Catalogue& catalogue,
                                   const DateRange& range, std::string_view area) {
    const auto tree = TRY(engine.area_tree());
    std::optional<int32_t> key;
    if (area.empty() || area == store.municipality()) key = kAreaAll;
    else key = tree.key_for_request(area);
    if (!key) return Error::not_found("unknown area: give a buurt, wijk or gemeente code, priority or rest");

    const DateRange before = range.year_earlier();
    const auto now_tiles = range.tiles();
    const auto before_tiles = before.tiles();
    std::vector<Period> periods = now_tiles;
    periods.insert(periods.end(), before_tiles.begin(), before_tiles.end());
    const auto sets = TRY(engine.compute_many(periods, {*key}));
    std::vector<const IndicatorSet*> now_sets, before_sets;
    for (size_t i = 0; i < sets.size(); ++i) (i < now_tiles.size() ? now_sets : before_sets).push_back(&sets[i]);

    std::map<std::string, int32_t> ids;
    const auto tallies = tallies_for(catalogue);
    for (size_t i = 0; i < tallies.size(); ++i) ids[tallies[i].name] = static_cast<int32_t>(i);
    const auto now = combine_tiles(catalogue, now_sets, TRY(range_distinct_counts(store, tree, range, *key)), ids);
    std::optional<RangeFigureValues> previous;
    if (TRY(range_has_data(store, before)))
        previous = combine_tiles(catalogue, before_sets, TRY(range_distinct_counts(store, tree, before, *key)), ids);

    IndicatorSet set = sets.front();  // the area's code and name, the figures' definitions
    set.range = range;
    for (size_t i = 0; i < set.figures.size(); ++i) {
        auto& f = set.figures[i];
        f.value = now.values[i];
        f.base = now.bases[i];
        f.previous = previous ? previous->values[i] : json::value(nullptr);
    }
    return set;
}

}  // namespace grip::indicators
