#include "generator/city_generator.h"

#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "generator/activity_writer.h"
#include "generator/city_layout.h"
#include "generator/council_records.h"
#include "generator/date_text.h"
#include "generator/expected_figures.h"
#include "generator/ndjson_sink.h"
#include "generator/population.h"

namespace grip::generator {
namespace {

// Limits that keep ids, postcodes and the 32-bit person indices in range.
constexpr int64_t kMaxPersons = 100'000'000;
constexpr int64_t kMaxAddresses = 50'000'000;
constexpr int64_t kMaxActivities = 1'000'000'000;

Status check(const CityOptions& o) {
    if (!o.growth_buurt.empty() && o.years < 2) return Error::invalid("--growth needs at least two years");
    if (!(o.growth_factor > 0 && o.growth_factor <= 100))
        return Error::invalid(
            fmt::format("the growth factor must be above 0 and at most 100, not {}", o.growth_factor));
    if (o.years < 1 || o.years > 50) return Error::invalid(fmt::format("years must be 1 to 50, not {}", o.years));
    if (o.first_year < 1950 || o.first_year + o.years - 1 > 2100)
        return Error::invalid(
            fmt::format("the years {}-{} lie outside 1950-2100", o.first_year, o.first_year + o.years - 1));
    if (o.persons < 1 || o.persons > kMaxPersons)
        return Error::invalid(fmt::format("persons must be 1 to {}, not {}", kMaxPersons, o.persons));
    if (o.addresses < 1 || o.addresses > kMaxAddresses)
        return Error::invalid(fmt::format("addresses must be 1 to {}, not {}", kMaxAddresses, o.addresses));
    if (o.activities < 1 || o.activities > kMaxActivities)
        return Error::invalid(fmt::format("activities must be 1 to {}, not {}", kMaxActivities, o.activities));
    return ok_status();
}

}  // namespace

Status parse_growth(std::string_view text, CityOptions& options) {
    const auto first = text.find(':');
    const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos)
        return Error::invalid("--growth is BUURT:melding_overbewoning:FACTOR (BU05990324:melding_overbewoning:3)");
    if (text.substr(first + 1, second - first - 1) != "melding_overbewoning")
        return Error::invalid("--growth: only melding_overbewoning can grow");
    const std::string factor(text.substr(second + 1));
    char* end = nullptr;
    const double f = std::strtod(factor.c_str(), &end);
    if (factor.empty() || end != factor.c_str() + factor.size() || !(f > 0 && f <= 100))
        return Error::invalid(
            fmt::format("--growth: the factor must be a number above 0 and at most 100, not '{}'", factor));
    options.growth_buurt = std::string(text.substr(0, first));
    options.growth_factor = f;
    return ok_status();
}

Result<CityOptions> city_options_for_scale(std::string_view scale) {
    CityOptions o;
    if (scale == "demo") return o;
    if (scale == "bench") {
        o.activities = 1'000'000;
        o.persons = 200'000;
        o.addresses = 100'000;
        o.first_year = 2020;
        o.years = 5;
        return o;
    }
    if (scale == "10m") {
        o.activities = 10'000'000;
        o.persons = 2'000'000;
        o.addresses = 1'000'000;
        o.first_year = 2020;
        o.years = 5;
        return o;
    }
    return Error::invalid(fmt::format("unknown scale '{}': use demo, bench or 10m", scale));
}

Result<GenerationSummary> generate_city(const CityOptions& options, std::ostream& out, boost::json::object* expected,
                                        const ProgressCallback& progress, LateDelivery* late) {
    TRY(check(options));
    const std::vector<YearPlan> plans = TRY(plan_activities(options.activities, options.first_year, options.years));
    const int first_year = options.first_year;
    const int last_year = options.first_year + options.years - 1;

    const CityLayout layout = build_city_layout(first_year, last_year, options.seed);
    CouncilRecords council = build_council_records(plans, options.seed);
    add_registered_eu_migrants(layout, plans, options.seed, council);
    // Dates of the city reach a few years either side of the generated ones
    // (locations opened earlier, key figures ending later).
    const DateText dates(first_year - 5, last_year + 5);

    GenerationSummary summary;
    summary.areas = static_cast<int64_t>(area_record_count(layout));
    summary.organisations = static_cast<int64_t>(layout.organisations.size());
    summary.locations = static_cast<int64_t>(layout.locations.size());
    summary.addresses = options.addresses;
    summary.persons = options.persons;
    summary.activities = options.activities;
    summary.aggregates = static_cast<int64_t>(council.aggregates.size());
    summary.milestones = static_cast<int64_t>(council.milestones.size());
    summary.motions = static_cast<int64_t>(council.motions.size());
    const int64_t planned = summary.areas + summary.organisations + summary.locations + summary.addresses +
                            summary.persons + summary.activities + static_cast<int64_t>(council.size());

    NdjsonSink sink(out, progress, planned);
    std::unique_ptr<ExpectedFigures> figures;
    if (expected) {
        figures = std::make_unique<ExpectedFigures>(static_cast<size_t>(options.persons),
                                                    static_cast<size_t>(options.addresses));
    }

    write_areas(layout, sink);
    write_organisations(layout, dates, sink);
    write_locations(layout, dates, sink);
    if (figures) {
        for (const Location& l : layout.locations)
            figures->add_location(location_type_name(l.type), l.capacity, l.opened, l.closed);
    }

    Population population;
    write_addresses(layout, options.addresses, options.seed, population, sink);
    write_persons(options.persons, first_year, options.seed, population, sink);
    summary.persons_sharing_bsn = population.records_sharing_bsn;
    summary.persons_without_bsn = population.records_without_bsn;

    ActivityWriter activities(layout, population, dates, options.seed, sink, figures.get());
    if (!options.growth_buurt.empty()) {
        int index = -1;
        for (size_t b = 0; b < layout.buurten.size(); ++b)
            if (layout.buurten[b].code == options.growth_buurt) index = static_cast<int>(b);
        if (index < 0) return Error::invalid(fmt::format("--growth: no buurt {} in the city", options.growth_buurt));
        activities.watch_growth(index, options.growth_factor, options.seed);
    }
    std::unique_ptr<NdjsonSink> late_sink;
    if (late && late->out) {
        late_sink = std::make_unique<NdjsonSink>(*late->out, ProgressCallback{}, late->count);
        late->period = fmt::format("{}-03", last_year);
        late->received_at = fmt::format("{}-05-01", last_year);
    }
    // The late partner's shelter: the one open throughout (index 4 of the layout's locations).
    constexpr int kLateShelter = 4;
    for (const YearPlan& plan : plans) {
        if (figures) figures->begin_year(plan.year);
        activities.write_year(plan);
        if (plan.year == last_year) summary.activities += activities.write_growth(last_year);
        if (late_sink && plan.year == last_year)
            activities.write_late_intakes(last_year, 3, kLateShelter, late->count, *late_sink);
        if (figures) figures->end_year();
        if (sink.failed()) break;  // the stream is gone; stop early
    }

    write_council_records(council, layout, dates, sink, figures.get());
    TRY(sink.finish());
    if (late_sink) TRY(late_sink->finish());

    summary.records = sink.records();
    summary.bytes = sink.bytes();
    if (figures) *expected = figures->to_json();
    return summary;
}

}  // namespace grip::generator
