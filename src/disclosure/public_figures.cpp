#include "disclosure/public_figures.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace grip::disclosure {
namespace json = boost::json;
using catalogue::Measure;

namespace {

Flow flow_of(Measure m) {
    switch (m) {
        case Measure::ActiveAtEnd:
        case Measure::Capacity:
        case Measure::OpenLocations: return Flow::Stock;
        case Measure::SharePct: return Flow::None;
        default: return Flow::Additive;
    }
}

int64_t whole(const json::value& v) {
    if (v.is_double()) return std::llround(v.get_double());
    if (v.is_number()) return v.to_number<int64_t>();
    return 0;
}

}  // namespace

int64_t threshold_of(const catalogue::Catalogue& catalogue, const catalogue::IndicatorDef& indicator) {
    return indicator.public_threshold > 0 ? indicator.public_threshold : catalogue.report.public_threshold;
}

PublicFigures::PublicFigures(Table table, std::vector<Publication> decisions,
                             std::vector<indicators::IndicatorSet> sets, std::map<int32_t, int> area_index,
                             std::map<std::pair<std::string, std::string>, int> series_index)
    : table_(std::move(table)), decisions_(std::move(decisions)), sets_(std::move(sets)),
      area_index_(std::move(area_index)), series_index_(std::move(series_index)) {}

Result<PublicFigures> PublicFigures::of_year(indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                                             int year) {
    auto tree = TRY(engine.area_tree());
    auto sets = TRY(engine.compute_many(periods_of_year(year), tree.all_keys()));
    return of(catalogue, tree, year, std::move(sets));
}

PublicFigures PublicFigures::of(const catalogue::Catalogue& catalogue, const indicators::AreaTree& tree, int year,
                                std::vector<indicators::IndicatorSet> sets, SecondarySuppression secondary) {
    using indicators::kAreaAll;
    using indicators::kAreaPriority;
    using indicators::kAreaRest;
    // The areas: the municipality first, then the two groups, then every wijk and buurt.
    std::vector<TableArea> areas{{"", AreaKind::Municipality, -1, false},
                                 {"priority", AreaKind::Group, -1, true},
                                 {"rest", AreaKind::Group, -1, false}};
    std::map<int32_t, int> area_index{{kAreaAll, 0}, {kAreaPriority, 1}, {kAreaRest, 2}};
    for (const auto& a : tree.areas()) {
        if (a.level == "gemeente") continue;
        area_index[a.id] = static_cast<int>(areas.size());
        std::vector<int32_t> keys;
        tree.keys_for(a.id, keys);
        areas.push_back({a.code, AreaKind::Area, 0, std::find(keys.begin(), keys.end(), kAreaPriority) != keys.end()});
    }
    for (const auto& a : tree.areas()) {
        if (a.level == "gemeente") continue;
        const auto* parent = a.parent.empty() ? nullptr : tree.find(a.parent);
        if (parent && parent->level != "gemeente" && area_index.count(parent->id))
            areas[static_cast<size_t>(area_index[a.id])].parent = area_index[parent->id];
    }
    // The series: an indicator, or each part a distribution has anywhere in the year.
    std::map<std::string, std::set<std::string>> parts;
    for (const auto& set : sets)
        for (const auto& f : set.figures)
            if (f.def->measure == Measure::Distribution && f.value.is_array())
                for (const auto& e : f.value.get_array())
                    parts[f.def->code].insert(std::string(e.get_array()[0].as_string()));
    std::vector<Series> series;
    std::map<std::pair<std::string, std::string>, int> series_index;
    for (const auto& d : catalogue.indicators) {
        auto add = [&](const std::string& part) {
            series_index[{d.code, part}] = static_cast<int>(series.size());
            series.push_back({d.code, part, d.counts_people, threshold_of(catalogue, d), flow_of(d.measure), -1});
        };
        if (d.measure == Measure::Distribution)
            for (const auto& p : parts[d.code]) add(p);
        else add("");
    }
    Table table(year, std::move(areas), std::move(series));
    for (const auto& set : sets) {
        if (set.period.year() != year) continue;
        auto a = area_index.find(set.area_key);
        if (a == area_index.end()) continue;
        const int p = period_index(set.period);
        for (const auto& f : set.figures) {
            if (f.value.is_array()) {
                for (const auto& e : f.value.get_array()) {
                    const auto& pair = e.get_array();
                    auto s = series_index.find({f.def->code, std::string(pair[0].as_string())});
                    const int64_t n = whole(pair[1]);
                    if (s != series_index.end()) table.set(s->second, p, a->second, n, n);
                }
                continue;
            }
            auto s = series_index.find({f.def->code, ""});
            if (s == series_index.end()) continue;
            const int64_t n = whole(f.value);
            table.set(s->second, p, a->second, n, f.base >= 0 ? f.base : n);
        }
    }
    auto decisions = suppress(table, secondary);
    return PublicFigures(std::move(table), std::move(decisions), std::move(sets), std::move(area_index),
                         std::move(series_index));
}

Publication PublicFigures::of(const Period& period, int32_t area_key, std::string_view indicator,
                              std::string_view part) const {
    if (period.year() != table_.year()) return Publication::Published;
    auto a = area_index_.find(area_key);
    auto s = series_index_.find({std::string(indicator), std::string(part)});
    if (a == area_index_.end() || s == series_index_.end()) return Publication::Published;
    return decisions_[table_.index(s->second, period_index(period), a->second)];
}

void PublicFigures::redact(json::object& set_json, const indicators::IndicatorSet& set,
                           const PublicFigures* previous_year) const {
    auto* inds = set_json.if_contains("indicators");
    if (!inds || !inds->is_object()) return;
    const Period previous = set.period.previous();
    const PublicFigures* before = previous.year() == year() ? this : previous_year;
    for (const auto& f : set.figures) {
        auto* entry = inds->get_object().if_contains(f.def->code);
        if (!entry || !entry->is_object()) continue;
        auto& o = entry->get_object();
        // Whether a figure of the previous period is suppressed; without its
        // year's decisions, every count of people below the municipality is.
        auto previous_hidden = [&](std::string_view part) {
            if (before) return before->of(previous, set.area_key, f.def->code, part) != Publication::Published;
            return f.def->counts_people && set.area_key != indicators::kAreaAll;
        };
        auto redact_parts = [&](json::value& v, auto&& hidden) {
            if (!v.is_array()) return;
            json::array shown, withheld;
            for (auto& e : v.get_array()) {
                auto& pair = e.get_array();
                if (hidden(std::string_view(pair[0].as_string()))) {
                    pair[1] = nullptr;
                    withheld.push_back(e);
                } else {
                    shown.push_back(e);
                }
            }
            // Suppressed parts last, by value: their place among the others
            // would tell how large they are.
            std::sort(withheld.begin(), withheld.end(), [](const json::value& x, const json::value& y) {
                return x.get_array()[0].as_string() < y.get_array()[0].as_string();
            });
            for (auto& e : withheld) shown.push_back(e);
            v = std::move(shown);
        };
        if (f.def->measure == Measure::Distribution) {
            redact_parts(o["value"], [&](std::string_view part) {
                return of(set.period, set.area_key, f.def->code, part) != Publication::Published;
            });
            redact_parts(o["previous"], previous_hidden);
            continue;
        }
        if (of(set.period, set.area_key, f.def->code) != Publication::Published) {
            o["value"] = nullptr;
            o["suppressed"] = true;
        }
        if (!o["previous"].is_null() && previous_hidden("")) {
            o["previous"] = nullptr;
            o["previous_suppressed"] = true;
        }
    }
}

}  // namespace grip::disclosure
