// The generated demo city against the figures its generator intended: the
// project's own end-to-end check that needs nothing outside the repository.

#include <boost/json.hpp>

#include "generator/city_generator.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

TEST(DemoCity, EveryIndicatorOfEveryYearIsWhatTheGeneratorIntended) {
    json::object expected;
    const auto city = city_ndjson(test_city_options(), &expected);
    TestStore t;
    auto report = t.import_text("demo-stad.ndjson", city);
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
    EXPECT_EQ(report.counts.rejected, 0);
    ASSERT_FALSE(expected.empty());
    for (const auto& [year, figures] : expected) {
        const auto set = t.indicators(std::string(year));
        for (const auto& [code, value] : figures.at("indicators").as_object()) {
            const auto* f = set.find(code);
            ASSERT_NE(f, nullptr) << std::string_view(code);
            EXPECT_EQ(f->number(), value.to_number<int64_t>())
                << std::string_view(code) << " in " << std::string_view(year);
        }
        const auto* topics = set.find("info.bezoek_onderwerpen");
        const auto& top = figures.at("top_topics").as_array();
        for (size_t i = 0; i < top.size(); ++i)
            EXPECT_EQ(topics->value.as_array().at(i).as_array()[0], top[i]) << std::string_view(year);
    }
}

TEST(DemoCity, FiguresPerAreaAddUpForAdditiveIndicators) {
    const auto options = test_city_options();
    TestStore t;
    ASSERT_TRUE(t.import_text("demo-stad.ndjson", city_ndjson(options)).committed);
    const std::string year = std::to_string(options.first_year + options.years - 1);
    // A count in the city is the count in the priority buurten plus the rest
    // plus the activities without an area; the rest never exceeds the city.
    for (const char* code : {"handhaving.meldingen_overbewoning", "handhaving.huisbezoeken", "info.bijeenkomsten"}) {
        const auto all = t.value(year, code);
        const auto priority = t.value(year, code, "priority");
        const auto rest = t.value(year, code, "rest");
        EXPECT_LE(priority + rest, all) << code;
        EXPECT_GT(all, 0) << code;
    }
    // Quarters of an additive count add up to the year.
    int64_t quarters = 0;
    for (int q = 1; q <= 4; ++q) quarters += t.value(year + "-Q" + std::to_string(q), "handhaving.huisbezoeken");
    EXPECT_EQ(quarters, t.value(year, "handhaving.huisbezoeken"));
    // A distinct count of a year is at most the sum of its quarters.
    int64_t distinct_quarters = 0;
    for (int q = 1; q <= 4; ++q) distinct_quarters += t.value(year + "-Q" + std::to_string(q), "info.unieke_bezoekers");
    EXPECT_LE(t.value(year, "info.unieke_bezoekers"), distinct_quarters);
}

}  // namespace
}  // namespace grip::testing

namespace grip::testing {
namespace {

TEST(DemoCity, TinyCachesGiveTheSameFiguresAsLargeOnes) {
    // With caches of a few entries, every cache is emptied and written out
    // many times during the delivery: the figures must not notice. A quarter
    // of the demo city does that thousands of times over; with 7 entries
    // nearly every lookup goes to the store, a round trip on PostgreSQL.
    auto options = test_city_options();
    options.activities /= 4;
    options.persons /= 4;
    options.addresses /= 4;
    const auto city = city_ndjson(options);
    TestStore large, tiny;
    ASSERT_TRUE(large.import_text("demo-stad.ndjson", city).committed);
    ingest::Importer importer(tiny.store(), tiny.catalogue(), tiny.keys());
    ingest::ImportOptions small;
    small.cache_entries = 7;
    auto report = importer.import_data("demo-stad.ndjson", city, small);
    ASSERT_TRUE(report && report->committed);
    EXPECT_EQ(tiny.snapshot(), large.snapshot());
}

}  // namespace
}  // namespace grip::testing
