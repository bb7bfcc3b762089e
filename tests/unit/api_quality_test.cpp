// The delivery calendar, the coverage of figures and the checks across
// figures over HTTP: GET /api/v1/deliveries/calendar, indicators with
// coverage=true, GET /api/v1/checks, and the warnings of a registration and
// of a delivery job.

#include <filesystem>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

class ApiQuality : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

// The base data came in on the test clock's start (14 November 2023): the
// infopunten's visits of March and April were due in April and May.
TEST_F(ApiQuality, TheCalendarShowsSourcesByPeriodsWithTheirState) {
    auto r = server.as("adviseur", "GET", "/api/v1/deliveries/calendar?year=2023");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = parse_body(r);
    EXPECT_EQ(body.at("today").as_string(), "2023-11-14");
    std::map<std::string, json::array> cells;
    for (const auto& row : body.at("rows").as_array())
        cells[std::string(row.at("source").at("id").as_string())] = row.at("cells").as_array();
    ASSERT_TRUE(cells.contains("LOC-ZUID")) << r.body;
    ASSERT_TRUE(cells.contains("LOC-WEST"));
    EXPECT_EQ(cells["LOC-ZUID"].at(2).at("state").as_string(), "late") << "March, delivered in November";
    EXPECT_EQ(cells["LOC-ZUID"].at(3).at("state").as_string(), "missing");
    EXPECT_EQ(cells["LOC-ZUID"].at(10).at("state").as_string(), "not_yet_due") << "November";
    EXPECT_EQ(cells["LOC-WEST"].at(3).at("state").as_string(), "late");
    EXPECT_EQ(server.as("beheerder", "GET", "/api/v1/deliveries/calendar?year=2023").status, 200);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/deliveries/calendar?year=twee").status, 400);
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/deliveries/calendar?year=2023").status, 403);
    // A partner sees the rows of its own organisation and locations only.
    auto partner = parse_body(server.as("opvang", "GET", "/api/v1/deliveries/calendar?year=2023"));
    EXPECT_TRUE(partner.at("rows").as_array().empty());
}

TEST_F(ApiQuality, IndicatorsSayWhichSourcesHaveNotDeliveredWhenAsked) {
    auto plain = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=2023"));
    EXPECT_FALSE(plain.at("indicators").at("info.unieke_bezoekers").as_object().contains("coverage"));
    auto r = server.as("adviseur", "GET", "/api/v1/indicators?period=2023&coverage=true");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = parse_body(r);
    const auto& coverage = body.at("indicators").at("info.unieke_bezoekers").at("coverage");
    EXPECT_EQ(coverage.at("expected").as_int64(), 2);
    EXPECT_FALSE(coverage.at("complete").as_bool());
    EXPECT_EQ(coverage.at("missing").as_array().size(), 2u);
    EXPECT_EQ(coverage.at("late").as_array().size(), 2u);
    EXPECT_FALSE(body.at("indicators").at("info.infopunten").as_object().contains("coverage"))
        << "a count of locations has no sources to deliver";
}

TEST_F(ApiQuality, ADeliveryJobWarnsOfTheChecksItBreaks) {
    // beheer adds a shelter of one place; the shelter's organisation delivers
    // 30 intakes in February (28 days).
    auto shelter = server.as("beheerder", "POST", "/api/v1/deliveries?file=opvang-locatie.ndjson",
                             "{\"kind\": \"location\", \"id\": \"LOC-OPV\", \"type\": \"opvang\", \"name\": "
                             "\"Opvang Test\", \"capacity\": 1, \"opened\": \"2020-01-01\"}\n",
                             "application/x-ndjson");
    ASSERT_EQ(shelter.status, 202) << shelter.body;
    auto placed = server.finished_job("beheerder", shelter.header("Location"));
    ASSERT_TRUE(placed.at("committed").as_bool()) << json::serialize(placed);
    EXPECT_TRUE(placed.at("warnings").as_array().empty());
    std::string delivery = "{\"kind\": \"person\", \"id\": \"P-KP-1\", \"nationality\": \"PL\"}\n";
    for (int i = 0; i < 30; ++i)
        delivery += fmt::format(
            "{{\"kind\": \"activity\", \"id\": \"I-{}\", \"type\": \"opvang_intake\", \"date\": \"2023-02-{:02}\", "
            "\"person\": \"P-KP-1\", \"location\": \"LOC-OPV\", \"organisation\": \"ORG-KP\"}}\n",
            i, 1 + i % 28);
    auto started =
        server.as("opvang", "POST", "/api/v1/deliveries?file=opvang.ndjson", delivery, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = server.finished_job("opvang", started.header("Location"));
    ASSERT_TRUE(job.at("committed").as_bool()) << json::serialize(job);
    const auto& warnings = job.at("warnings").as_array();
    ASSERT_EQ(warnings.size(), 1u) << json::serialize(job);
    EXPECT_EQ(warnings[0].at("code").as_string(), "opvang_capaciteit");
    EXPECT_EQ(warnings[0].at("location").as_string(), "LOC-OPV");
    EXPECT_EQ(warnings[0].at("left").as_int64(), 30);
    EXPECT_EQ(warnings[0].at("right").as_int64(), 28);

    auto checks = server.as("adviseur", "GET", "/api/v1/checks?period=2023-02");
    ASSERT_EQ(checks.status, 200) << checks.body;
    EXPECT_EQ(parse_body(checks).at("broken").as_array().size(), 1u);
    EXPECT_EQ(parse_body(server.as("adviseur", "GET", "/api/v1/checks?period=2023-03")).at("broken").as_array().size(),
              0u);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/checks?period=maart").status, 400);
}

// A registration that breaks a check is stored, with the warning beside it.
TEST(ApiQualityRegistration, ARegistrationIsStoredWithItsWarnings) {
    TempDir dir;
    const fs::path copy = dir / "catalogue";
    fs::copy(GRIP_CATALOGUE_SOURCE_DIR, copy, fs::copy_options::recursive);
    std::string text = read_file(copy / "programme.json");
    const std::string anchor = "\"checks\": [";
    text.insert(text.find(anchor) + anchor.size(),
                "{\"code\": \"bezoek_bijeenkomst\", \"label\": \"Niet meer bezoeken dan bijeenkomsten\", "
                "\"left\": {\"count\": \"infopunt_bezoek\"}, \"op\": \"<=\", \"right\": {\"indicator\": "
                "\"info.bijeenkomsten\"}},");
    write_file(copy / "programme.json", text);
    ApiServer server{ApiServer::Options{.catalogue_file = copy / "programme.json"}};
    auto visit = server.as("balie", "POST", "/api/v1/records/activity",
                           R"({"id": "A-W", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(visit.status, 201) << visit.body;
    const auto body = parse_body(visit);
    ASSERT_TRUE(body.as_object().contains("warnings")) << visit.body;
    EXPECT_EQ(body.at("warnings").at(0).at("code").as_string(), "bezoek_bijeenkomst");
    EXPECT_EQ(body.at("warnings").at(0).at("period").as_string(), "2023-06");
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/activity/A-W").status, 200) << "stored all the same";
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
