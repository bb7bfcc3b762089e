#include "signals/evaluate.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "common/dutch_text.h"
#include "indicators/rates.h"
#include "signals/explanation.h"
#include "signals/growth_test.h"

namespace grip::signals {
namespace json = boost::json;
using catalogue::Baseline;

std::vector<Period> baseline_periods(const catalogue::SignalRule& rule, const Period& period) {
    if (rule.baseline == Baseline::PreviousYear) {
        switch (period.kind()) {
            case PeriodKind::Year: return {Period::year_of(period.year() - 1)};
            case PeriodKind::Quarter: return {Period::quarter_of(period.year() - 1, period.index())};
            case PeriodKind::Month: return {Period::month_of(period.year() - 1, period.index())};
        }
    }
    std::vector<Period> out;
    Period p = period;
    for (int i = 0; i < rule.periods; ++i) out.push_back(p = p.previous());
    return out;
}

json::object Signal::to_json() const {
    return {{"rule", rule},
            {"rule_label", rule_label},
            {"indicator", indicator},
            {"indicator_label", indicator_label},
            {"area", area},
            {"area_name", area_name},
            {"value", value},
            {"baseline", baseline == std::round(baseline) ? json::value(static_cast<int64_t>(baseline))
                                                          : json::value(std::round(baseline * 100) / 100)},
            {"rate", indicators::rate_json(rate)},
            {"rate_label", rate_label},
            {"p_value", p_value},
            {"explanation", explanation}};
}

json::object SignalList::to_json() const {
    json::array list;
    for (const auto& s : signals) list.push_back(s.to_json());
    return {{"period", period.text()}, {"signals", std::move(list)}};
}

namespace {

bool watched(const indicators::AreaTree& tree, const indicators::AreaInfo& a, const catalogue::SignalRule& rule) {
    const std::string_view level = rule.level == catalogue::WatchLevel::Buurt ? "buurt" : "wijk";
    if (a.level != level) return false;
    if (rule.group == catalogue::WatchGroup::All) return true;
    // A wijk belongs to the priority group when one of its buurten does.
    bool priority = a.priority;
    if (!priority && a.level == "wijk")
        for (const auto& b : tree.areas()) priority = priority || (b.parent == a.code && b.priority);
    return priority == (rule.group == catalogue::WatchGroup::Priority);
}

std::string one_decimal(double v) {
    std::string s = fmt::format("{:.1f}", v);
    std::replace(s.begin(), s.end(), '.', ',');
    if (s.ends_with(",0")) s.resize(s.size() - 2);
    return s;
}

std::string baseline_text(const catalogue::SignalRule& rule, const std::vector<Period>& before, double baseline) {
    if (before.size() == 1) return fmt::format("{} in {}", one_decimal(baseline), dutch_period(before.front()));
    return fmt::format("gemiddeld {} in de {} perioden ervoor", one_decimal(baseline),
                       dutch_number_word(static_cast<int>(rule.periods)));
}

}  // namespace

Result<SignalList> evaluate(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                            const Period& period) {
    SignalList out;
    out.period = period;
    if (catalogue.signals.empty()) return out;
    const auto tree = TRY(engine.area_tree());
    const auto denominators = TRY(indicators::RateDenominators::load(store, catalogue));
    for (const auto& rule : catalogue.signals) {
        const auto* def = catalogue.indicator(rule.indicator);
        if (!def) continue;  // the loader refuses such a rule; a changed catalogue must not crash
        std::vector<const indicators::AreaInfo*> areas;
        std::vector<int32_t> keys{indicators::kAreaAll};
        for (const auto& a : tree.areas())
            if (watched(tree, a, rule)) {
                areas.push_back(&a);
                keys.push_back(a.id);
            }
        if (areas.empty()) continue;
        const auto before = baseline_periods(rule, period);
        std::vector<Period> periods{period};
        periods.insert(periods.end(), before.begin(), before.end());
        const auto sets = TRY(engine.compute_many(periods, keys));
        // sets are per period, then per key, in the order asked.
        auto count = [&](size_t period_index, size_t key_index) -> int64_t {
            const auto& set = sets[period_index * keys.size() + key_index];
            const auto* f = set.find(rule.indicator);
            return f ? f->number() : 0;
        };
        // A baseline nobody delivered for is not a baseline of zeros.
        int64_t city_before = 0;
        for (size_t p = 1; p < periods.size(); ++p) city_before += count(p, 0);
        if (city_before == 0) continue;

        const auto* rate = rule.rate.empty() ? nullptr : catalogue.rate(rule.rate);
        std::vector<double> p_values;
        std::vector<int64_t> now, total_before;
        for (size_t i = 0; i < areas.size(); ++i) {
            int64_t b = 0;
            for (size_t p = 1; p < periods.size(); ++p) b += count(p, i + 1);
            now.push_back(count(0, i + 1));
            total_before.push_back(b);
            p_values.push_back(now.back() >= rule.min_count
                                   ? growth_p_value(rule.test, now.back(), b, static_cast<int>(before.size()))
                                   : 1.0);
        }
        const auto adjusted = holm_adjusted(p_values);
        std::vector<Signal> found;
        for (size_t i = 0; i < areas.size(); ++i) {
            if (now[i] < rule.min_count || adjusted[i] > rule.level_alpha) continue;
            const double baseline = static_cast<double>(total_before[i]) / static_cast<double>(before.size());
            if (!(static_cast<double>(now[i]) > baseline)) continue;
            Signal s;
            if (rate) {
                s.rate = denominators.rate(*rate, json::value(now[i]), areas[i]->id, period);
                s.rate_label = rate->label;
                if (!s.rate || *s.rate < rule.min_rate) continue;
            }
            s.rule = rule.code;
            s.rule_label = rule.label;
            s.indicator = def->code;
            s.indicator_label = def->label;
            s.area = areas[i]->code;
            s.area_name = areas[i]->name;
            s.area_key = areas[i]->id;
            s.value = now[i];
            s.baseline = baseline;
            s.p_value = adjusted[i];
            s.explanation = explanation(def->label, s.area_name, s.value, period, baseline_text(rule, before, baseline),
                                        baseline, s.p_value);
            found.push_back(std::move(s));
        }
        std::stable_sort(found.begin(), found.end(),
                         [](const Signal& a, const Signal& b) { return a.p_value < b.p_value; });
        for (auto& s : found) out.signals.push_back(std::move(s));
    }
    return out;
}

}  // namespace grip::signals
