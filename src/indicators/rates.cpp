#include "indicators/rates.h"

#include <algorithm>
#include <cmath>

namespace grip::indicators {
namespace json = boost::json;

std::optional<double> rate_of(double count, std::optional<double> denominator, int64_t per) {
    if (!denominator || !(*denominator > 0) || !std::isfinite(*denominator) || !std::isfinite(count))
        return std::nullopt;
    return count * static_cast<double>(per) / *denominator;
}

json::value rate_json(std::optional<double> rate) {
    if (!rate) return nullptr;
    return std::round(*rate * 100.0) / 100.0;
}

Result<RateDenominators> RateDenominators::load(storage::Store& store, const catalogue::Catalogue& catalogue) {
    AreaTree areas(TRY(store.areas()));
    std::vector<storage::StoredRecord> aggregates;
    bool wanted = false;
    for (const auto& r : catalogue.rates) wanted = wanted || r.denominator == catalogue::RateDenominator::Aggregate;
    if (wanted) aggregates = TRY(store.all_current(records::Kind::Aggregate));
    return RateDenominators(std::move(areas), aggregates, catalogue);
}

RateDenominators::RateDenominators(AreaTree areas, const std::vector<storage::StoredRecord>& aggregates,
                                   const catalogue::Catalogue& catalogue)
    : areas_(std::move(areas)) {
    for (const auto& r : catalogue.rates)
        if (r.denominator == catalogue::RateDenominator::Aggregate) aggregates_[r.aggregate_type];
    for (const auto& a : aggregates) {
        auto type = aggregates_.find(std::string(a.record.text("type")));
        if (type == aggregates_.end()) continue;
        const auto period = Period::parse(a.record.text("period"));
        const auto* value = a.record.fields.if_contains("value");
        const auto area = a.record.text("area");
        if (!period || !value || !value->is_number() || area.empty()) continue;
        type->second[std::string(area)].push_back({*period, value->to_number<double>()});
    }
}

namespace {

bool under(const AreaTree& areas, const AreaInfo& a, int32_t key) {
    std::vector<int32_t> keys;
    areas.keys_for(a.id, keys);
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

int32_t length(const Period& p) { return p.last_day().days() - p.first_day().days(); }

}  // namespace

std::optional<double> RateDenominators::denominator(const catalogue::RateDef& rate, int32_t area_key,
                                                    const Period& period) const {
    if (rate.denominator == catalogue::RateDenominator::Inhabitants) {
        // The area's own figure first (a wijk or gemeente may carry its own).
        if (area_key > 0) {
            if (const auto* a = areas_.find(area_key); a && a->inhabitants > 0)
                return static_cast<double>(a->inhabitants);
        } else if (area_key == kAreaAll) {
            for (const auto& a : areas_.areas())
                if (a.level == "gemeente" && a.inhabitants > 0) return static_cast<double>(a.inhabitants);
        }
        int64_t sum = 0;
        for (const auto& a : areas_.areas())
            if (a.level == "buurt" && a.inhabitants > 0 && under(areas_, a, area_key)) sum += a.inhabitants;
        if (sum <= 0) return std::nullopt;
        return static_cast<double>(sum);
    }
    auto type = aggregates_.find(rate.aggregate_type);
    if (type == aggregates_.end()) return std::nullopt;
    std::optional<double> sum;
    for (const auto& [code, delivered] : type->second) {
        const auto* a = areas_.find(code);
        if (!a || !under(areas_, *a, area_key)) continue;
        // The period itself, else the one holding it, else the last inside it.
        const Delivered* best = nullptr;
        int rank = 0;
        for (const auto& d : delivered) {
            if (d.period == period) {
                best = &d;
                rank = 3;
            } else if (rank < 3 && d.period.contains(period) && (rank < 2 || length(d.period) < length(best->period))) {
                best = &d;
                rank = 2;
            } else if (rank < 2 && period.contains(d.period) &&
                       (!best || d.period.last_day() > best->period.last_day())) {
                best = &d;
                rank = 1;
            }
        }
        if (best) sum = sum.value_or(0) + best->value;
    }
    return sum;
}

std::optional<double> RateDenominators::rate(const catalogue::RateDef& rate, const json::value& count, int32_t area_key,
                                             const Period& period) const {
    if (!count.is_number()) return std::nullopt;
    return rate_of(count.to_number<double>(), denominator(rate, area_key, period), rate.per);
}

void add_rates(json::object& set_json, const IndicatorSet& set, const catalogue::RateDef& rate,
               const RateDenominators& denominators) {
    auto& inds = set_json["indicators"].as_object();
    for (const auto& f : set.figures) {
        if (!catalogue::is_count_measure(f.def->measure)) continue;
        auto* entry = inds.if_contains(f.def->code);
        if (!entry || !entry->is_object()) continue;
        auto& o = entry->as_object();
        const auto* suppressed = o.if_contains("suppressed");
        const bool withheld = suppressed && suppressed->is_bool() && suppressed->get_bool();
        o["rate"] =
            withheld ? json::value(nullptr) : rate_json(denominators.rate(rate, f.value, set.area_key, set.period));
    }
    set_json["rate"] = json::object{{"code", rate.code}, {"label", rate.label}, {"per", rate.per}};
}

}  // namespace grip::indicators
