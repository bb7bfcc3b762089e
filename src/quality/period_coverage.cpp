#include "quality/period_coverage.h"

#include <map>

#include "quality/coverage.h"
#include "quality/delivery_calendar.h"

namespace grip::quality {
using catalogue::Measure;

Result<std::set<std::string>> covered_indicators(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                 const Period& period, std::string_view now) {
    // What came in for the period, per type: one indexed look-up per
    // activity type, and the aggregates (a small table) read once.
    std::map<std::string, bool> activity_types;
    for (const auto& d : catalogue.indicators)
        if (!d.activity_type.empty() && !activity_types.count(d.activity_type)) {
            storage::RecordFilter filter;
            filter.type = d.activity_type;
            filter.date_from = period.first_day().iso();
            filter.date_to = period.last_day().iso();
            activity_types[d.activity_type] = TRY(store.any_activity(filter));
        }
    std::set<std::string> aggregate_types;
    for (const auto& rec : TRY(store.all_current(records::Kind::Aggregate))) {
        const auto p = Period::parse(rec.record.text("period"));
        if (p && period.first_day() <= p->first_day() && p->last_day() <= period.last_day())
            aggregate_types.insert(std::string(rec.record.text("type")));
    }
    // A calendar is of a year; a period inside one year is judged on it.
    const auto calendar = TRY(calendar_of(store, catalogue, period.first_day().year(), now));

    std::set<std::string> out;
    for (const auto& d : catalogue.indicators) {
        const bool on_locations = d.measure == Measure::Capacity || d.measure == Measure::OpenLocations;
        bool has_records = true;
        if (!on_locations && !d.activity_type.empty()) has_records = activity_types[d.activity_type];
        else if (!on_locations && !d.aggregate_type.empty()) has_records = aggregate_types.count(d.aggregate_type) > 0;
        if (!has_records) continue;
        if (const auto coverage = coverage_of(d, calendar, period); coverage && !coverage->complete()) continue;
        out.insert(d.code);
    }
    return out;
}

}  // namespace grip::quality
