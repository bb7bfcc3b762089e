#include "catalogue/catalogue.h"

#include <algorithm>
#include <array>
#include <utility>

namespace grip::catalogue {
namespace {

constexpr std::array<std::pair<Measure, std::string_view>, 10> kMeasureNames{{
    {Measure::Count, "count"},
    {Measure::SumCount, "sum_count"},
    {Measure::DistinctPersons, "distinct_persons"},
    {Measure::DistinctAddresses, "distinct_addresses"},
    {Measure::AggregateSum, "aggregate_sum"},
    {Measure::ActiveAtEnd, "active_at_end"},
    {Measure::Capacity, "capacity"},
    {Measure::OpenLocations, "open_locations"},
    {Measure::SharePct, "share_pct"},
    {Measure::Distribution, "distribution"},
}};

template <typename T>
const T* find_by_code(const std::vector<T>& items, std::string_view code) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.code == code; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::optional<Measure> parse_measure(std::string_view name) {
    for (const auto& [m, n] : kMeasureNames)
        if (n == name) return m;
    return std::nullopt;
}

std::string_view measure_name(Measure m) {
    for (const auto& [mm, n] : kMeasureNames)
        if (mm == m) return n;
    return "?";
}

bool counts_people_by_default(Measure measure) {
    return measure == Measure::DistinctPersons || measure == Measure::DistinctAddresses ||
           measure == Measure::ActiveAtEnd || measure == Measure::SharePct;
}

bool AttributeDef::allows(std::string_view value) const {
    return std::any_of(values.begin(), values.end(), [&](const CodeLabel& v) { return v.code == value; });
}

std::string AttributeDef::label_of(std::string_view value) const {
    for (const auto& v : values)
        if (v.code == value) return v.label.empty() ? v.code : v.label;
    return std::string(value);
}

const AttributeDef* ActivityType::attribute(std::string_view name) const {
    auto it = std::find_if(attributes.begin(), attributes.end(), [&](const AttributeDef& a) { return a.name == name; });
    return it == attributes.end() ? nullptr : &*it;
}

const Municipality* Catalogue::municipality(std::string_view code) const { return find_by_code(municipalities, code); }
std::string Catalogue::municipality_name_of(std::string_view code) const {
    const auto* m = municipality(code);
    return m ? m->name : std::string(code);
}
const ActivityType* Catalogue::activity_type(std::string_view code) const { return find_by_code(activity_types, code); }
const IndicatorDef* Catalogue::indicator(std::string_view code) const { return find_by_code(indicators, code); }
const Theme* Catalogue::theme(std::string_view code) const { return find_by_code(themes, code); }
bool Catalogue::has_location_type(std::string_view code) const { return find_by_code(location_types, code) != nullptr; }
bool Catalogue::has_aggregate_type(std::string_view code) const {
    return find_by_code(aggregate_types, code) != nullptr;
}

bool is_count_measure(Measure measure) {
    switch (measure) {
        case Measure::Count:
        case Measure::SumCount:
        case Measure::DistinctPersons:
        case Measure::DistinctAddresses:
        case Measure::AggregateSum:
        case Measure::ActiveAtEnd: return true;
        case Measure::Capacity:
        case Measure::OpenLocations:
        case Measure::SharePct:
        case Measure::Distribution: return false;
    }
    return false;
}

const RateDef* Catalogue::rate(std::string_view code) const {
    for (const auto& r : rates)
        if (r.code == code) return &r;
    return nullptr;
}

const NamedRange* Catalogue::range(std::string_view code) const {
    for (const auto& r : ranges)
        if (r.code == code) return &r;
    return nullptr;
}

}  // namespace grip::catalogue
