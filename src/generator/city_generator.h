#pragma once
// The city generator: a synthetic municipality in the exchange format, for
// the demo, for Grip's own tests (which must not depend on files outside the
// repository) and for the benchmark at scale. Deterministic for a seed: the
// same options give the same bytes on every platform.
//
// The city is Rotterdam's map (real wijk and buurt codes) with synthetic
// people: BSNs that pass the eleven test but belong to nobody, no names, no
// streets. Alongside the NDJSON it can state the indicator figures it
// intends, counted from its own bookkeeping as indicators.md defines them,
// so that tests can hold Grip's engine against them.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "common/result.h"
#include "generator/progress.h"

namespace grip::generator {

struct CityOptions {
    uint64_t seed = 1;
    int64_t activities = 20000;  // total activity records over all years
    int64_t persons = 5000;
    int64_t addresses = 1500;
    int first_year = 2022;
    int years = 2;  // activities are dated in [first_year, first_year + years - 1]
    // For the tests of signals: in the last year, the reports of
    // overcrowding (melding_overbewoning) in this buurt (a CBS code of the
    // map) grow to `growth_factor` times the year before's; every other
    // figure is what the seed gives. Empty: no growth.
    std::string growth_buurt;
    double growth_factor = 1;
};

// Reads --growth BUURT:melding_overbewoning:FACTOR into the options.
Status parse_growth(std::string_view text, CityOptions& options);

struct GenerationSummary {
    int64_t records = 0;  // lines written, of every kind
    int64_t bytes = 0;
    int64_t areas = 0;
    int64_t organisations = 0;
    int64_t locations = 0;
    int64_t addresses = 0;
    int64_t persons = 0;
    int64_t persons_sharing_bsn = 0;  // person records repeating an earlier BSN
    int64_t persons_without_bsn = 0;
    int64_t activities = 0;
    int64_t aggregates = 0;
    int64_t milestones = 0;
    int64_t motions = 0;
};

// The late partner of the delivery calendar, for the demo: a few shelter
// intakes of one shelter ("Opvang EU-burgers", G-LOC-005) in March of the
// last year, delivered apart from the city. Due (per the catalogue's
// calendar) ten days after March; `received_at` is when the delivery came
// in: 1 May, after the due date (`grip import --received-at`).
struct LateDelivery {
    std::ostream* out = nullptr;  // where the late delivery goes; null: none (the city holds no such records)
    int count = 3;
    std::string location = "G-LOC-005";
    std::string period;       // set by generate_city: YYYY-03 of the last year
    std::string received_at;  // set by generate_city: YYYY-05-01
};

// The options of a named scale: "demo" (20k activities over 2022-2023),
// "bench" (1M activities over 2020-2024) or "10m" (the benchmark's reference
// city: 10M activities, 2M persons, 1M addresses over 2020-2024).
Result<CityOptions> city_options_for_scale(std::string_view scale);

// Writes the city to `out` as NDJSON, records in dependency order (areas,
// organisations, locations, addresses, persons, activities, aggregates,
// milestones, motions), so that every reference names a record written
// earlier. When `expected` is not null it is filled with the intended
// figures per generated year, city level, in the shape of
// sample-2023.expected.json:
//   {"<year>": {"year": Y, "indicators": {"<code>": n, ...},
//               "top_topics": [2 topics], "afdoening_voorgesteld": [ids]}}
// top_topics breaks equal counts by the topic's name; afdoening_voorgesteld
// lists every motion with that status, sorted, in every year.
// With `late` (and late->out), the late partner's delivery is written there
// (and counted in `expected`), after the last year's activities so that the
// city's own stream is the same with or without it.
Result<GenerationSummary> generate_city(const CityOptions& options, std::ostream& out, boost::json::object* expected,
                                        const ProgressCallback& progress = {}, LateDelivery* late = nullptr);

}  // namespace grip::generator
