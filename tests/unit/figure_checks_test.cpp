// The checks across figures of the shipped catalogue (src/quality/
// figure_checks), on both store backends: a handmade delivery that breaks
// each check fires it, one that breaks none fires none; and `grip checks`.

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "quality/figure_checks.h"
#include "test_support.h"

namespace grip::testing {
namespace {

const std::string kCheckedPlaces =
    "{\"kind\": \"location\", \"id\": \"LOC-OPV\", \"type\": \"opvang\", \"name\": \"Opvang Zuid\", \"capacity\": 1, "
    "\"opened\": \"2020-01-01\"}\n"
    "{\"kind\": \"location\", \"id\": \"LOC-ONBEKEND\", \"type\": \"opvang\", \"name\": \"Opvang zonder capaciteit\", "
    "\"opened\": \"2020-01-01\"}\n"
    "{\"kind\": \"person\", \"id\": \"P1\", \"nationality\": \"PL\"}\n"
    "{\"kind\": \"address\", \"id\": \"ADR-1\", \"postcode\": \"3081 AB\", \"house_number\": 12}\n";

// `intakes` intakes at the shelter in February 2024 (capacity 1 x 29 days),
// `visits` home visits that found overcrowding and `reports` reports of it.
std::string month_of_work(int intakes, int visits, int reports, std::string_view prefix) {
    std::string out;
    for (int i = 0; i < intakes; ++i)
        out += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"{}-I{}\", \"type\": \"opvang_intake\", \"date\": \"2024-02-{:02}\", "
            "\"person\": \"P1\", \"location\": \"LOC-OPV\"}}\n",
            prefix, i, 1 + i % 28);
    for (int i = 0; i < 3; ++i)  // the shelter without a known capacity is never over it
        out += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"{}-U{}\", \"type\": \"opvang_intake\", \"date\": \"2024-02-03\", "
            "\"person\": \"P1\", \"location\": \"LOC-ONBEKEND\"}}\n",
            prefix, i);
    for (int i = 0; i < visits; ++i)
        out += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"{}-H{}\", \"type\": \"huisbezoek\", \"date\": \"2024-02-12\", "
            "\"address\": \"ADR-1\", \"attributes\": {{\"misstand\": true, \"misstanden\": [\"overbewoning\", "
            "\"brandveiligheid\"]}}}}\n",
            prefix, i);
    for (int i = 0; i < reports; ++i)
        out += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"{}-M{}\", \"type\": \"melding_overbewoning\", \"date\": "
            "\"2024-02-02\", "
            "\"address\": \"ADR-1\"}}\n",
            prefix, i);
    return out;
}

std::vector<std::string> broken(TestStore& ts, std::string_view period) {
    indicators::Engine engine(ts.store(), ts.catalogue());
    auto outcome = quality::checks_of(ts.store(), ts.catalogue(), engine, *Period::parse(period));
    EXPECT_TRUE(outcome) << outcome.error().message;
    std::vector<std::string> codes;
    for (const auto& f : outcome->broken) codes.push_back(f.check->code + (f.location.empty() ? "" : "@" + f.location));
    return codes;
}

TEST(FigureChecks, ADeliveryThatBreaksEachShippedCheckFiresIt) {
    TestStore ts;
    ASSERT_TRUE(ts.import_text("places.ndjson", kCheckedPlaces).committed);
    // 30 intakes in a shelter of 1 place over 29 days; a home visit found
    // overcrowding that nobody reported.
    ASSERT_TRUE(ts.import_text("feb.ndjson", month_of_work(30, 1, 0, "B")).committed);
    EXPECT_EQ(broken(ts, "2024-02"),
              (std::vector<std::string>{"overbewoning_vastgesteld", "opvang_capaciteit@LOC-OPV"}));
    EXPECT_EQ(broken(ts, "2024-03"), std::vector<std::string>{}) << "March has no work";
    // Every shipped check fired: a new check needs a case here.
    EXPECT_EQ(ts.catalogue().checks.size(), 2u);
}

TEST(FigureChecks, ADeliveryThatBreaksNoneFiresNone) {
    TestStore ts;
    ASSERT_TRUE(ts.import_text("places.ndjson", kCheckedPlaces).committed);
    ASSERT_TRUE(ts.import_text("feb.ndjson", month_of_work(29, 2, 2, "G")).committed);
    EXPECT_EQ(broken(ts, "2024-02"), std::vector<std::string>{});
    EXPECT_EQ(broken(ts, "2024"), std::vector<std::string>{});
}

TEST(FigureChecks, ARegistrationIsWarnedOfTheChecksItsMonthBreaks) {
    TestStore ts;
    ASSERT_TRUE(ts.import_text("places.ndjson", kCheckedPlaces).committed);
    ASSERT_TRUE(ts.import_text("feb.ndjson", month_of_work(0, 1, 0, "W")).committed);
    indicators::Engine engine(ts.store(), ts.catalogue());
    auto visit = ts.store().current(records::Kind::Activity, "W-H0");
    ASSERT_TRUE(visit && *visit);
    quality::Touched touched;
    touched.add((*visit)->record);
    auto warnings = quality::warnings_for(ts.store(), ts.catalogue(), engine, touched, true);
    ASSERT_TRUE(warnings);
    ASSERT_EQ(warnings->size(), 1u) << boost::json::serialize(*warnings);
    EXPECT_EQ(warnings->at(0).at("code").as_string(), "overbewoning_vastgesteld");
    EXPECT_EQ(warnings->at(0).at("period").as_string(), "2024-02");
    auto without_figures = quality::warnings_for(ts.store(), ts.catalogue(), engine, touched, false);
    ASSERT_TRUE(without_figures);
    EXPECT_TRUE(without_figures->empty()) << "a user who may not read the figures is not told them";
}

TEST(FigureChecks, TheCommandListsThePeriodsBrokenChecks) {
    TempDir dir;
    write_file(dir / "work.ndjson", kCheckedPlaces + month_of_work(30, 1, 0, "C"));
    auto imported = run_grip(dir.path(), "import " + (dir / "work.ndjson").string());
    ASSERT_EQ(imported.code, 0) << imported.err;
    // The import itself warns of the checks it breaks, two in February, and stores the delivery all the same.
    size_t warned = 0;
    for (size_t at = imported.err.find(": warning: "); at != std::string::npos;
         at = imported.err.find(": warning: ", at + 1))
        ++warned;
    EXPECT_EQ(warned, 2u) << imported.err;
    EXPECT_NE(imported.err.find("(2024-02"), std::string::npos) << imported.err;
    auto json = run_grip(dir.path(), "checks --period 2024-02 --format json");
    ASSERT_EQ(json.code, 0) << json.err;
    const auto doc = boost::json::parse(json.out).as_object();
    EXPECT_EQ(doc.at("broken").as_array().size(), 2u) << json.out;
    auto table = run_grip(dir.path(), "checks --period 2024-03");
    ASSERT_EQ(table.code, 0) << table.err;
    EXPECT_NE(table.out.find("0 niet in orde"), std::string::npos) << table.out;
    EXPECT_NE(run_grip(dir.path(), "checks --period 2024-13").code, 0);
}

}  // namespace
}  // namespace grip::testing
