// GET /api/v1/indicators over a date range (from/to, range=CODE) and with the
// targets of the catalogue: the range's figures, the public role held to the
// calendar periods, and a target's progress beside its figure.

#include <filesystem>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

int64_t range_value_of(const HttpResponse& r, std::string_view code) {
    return json::parse(r.body).at("indicators").at(code).at("value").to_number<int64_t>();
}

TEST(ApiRanges, ARangeGivesTheFiguresOfItsMonths) {
    ApiServer server;
    // The base data: visits of two persons in March and April 2023, a home visit in May.
    auto spring = server.as("adviseur", "GET", "/api/v1/indicators?from=2023-03-01&to=2023-04-30");
    ASSERT_EQ(spring.status, 200) << spring.body;
    const auto body = json::parse(spring.body).as_object();
    EXPECT_EQ(body.at("period"), "2023-03-01..2023-04-30");
    EXPECT_EQ(body.at("from"), "2023-03-01");
    EXPECT_EQ(body.at("to"), "2023-04-30");
    EXPECT_EQ(range_value_of(spring, "info.unieke_bezoekers"), 2);
    EXPECT_EQ(range_value_of(spring, "handhaving.huisbezoeken"), 0);
    // The same range a year earlier has no data: no comparison.
    EXPECT_TRUE(body.at("indicators").at("info.unieke_bezoekers").at("previous").is_null());
    auto to_may = server.as("adviseur", "GET", "/api/v1/indicators?from=2023-04-01&to=2023-05-31&area=BU05991571");
    ASSERT_EQ(to_may.status, 200) << to_may.body;
    EXPECT_EQ(range_value_of(to_may, "handhaving.huisbezoeken"), 1);
    EXPECT_EQ(range_value_of(to_may, "info.unieke_bezoekers"), 0);  // April's visit was in Bospolder
    // A named range of the catalogue.
    auto programme = server.as("adviseur", "GET", "/api/v1/indicators?range=programma");
    ASSERT_EQ(programme.status, 200) << programme.body;
    EXPECT_EQ(json::parse(programme.body).at("range"), "programma");
    EXPECT_EQ(json::parse(programme.body).at("from"), "2023-07-01");

    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?from=2023-03-02&to=2023-04-30").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?from=2023-03-01").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?range=geen").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?range=programma&period=2023").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?range=programma&area=nergens").status, 400);
    // A rate's denominators are kept per calendar period.
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?range=programma&rate=per_1000_inwoners").status, 400);
    server.check_contract();
}

TEST(ApiRanges, ThePublicRoleGetsCalendarPeriodsOnly) {
    ApiServer server;
    // Any other range could be differenced with the calendar periods to
    // recover a figure the disclosure rule suppresses.
    EXPECT_EQ(server.as("raad", "GET", "/api/v1/indicators?from=2023-03-01&to=2023-04-30").status, 403);
    EXPECT_EQ(server.as("raad", "GET", "/api/v1/indicators?range=programma").status, 403);
    // A range that is a calendar period is that period, through the rule.
    for (const char* area : {"", "&area=BU05991571"}) {
        auto year = server.as("raad", "GET", std::string("/api/v1/indicators?from=2023-01-01&to=2023-12-31") + area);
        auto period = server.as("raad", "GET", std::string("/api/v1/indicators?period=2023") + area);
        ASSERT_EQ(year.status, 200) << year.body;
        ASSERT_EQ(period.status, 200);
        EXPECT_EQ(json::parse(year.body), json::parse(period.body));
    }
    server.check_contract();
}

TEST(ApiRanges, AFigureWithATargetShowsItsProgress) {
    TempDir dir;
    const fs::path copy = dir / "catalogue";
    fs::copy(GRIP_CATALOGUE_SOURCE_DIR, copy, fs::copy_options::recursive);
    std::string text = read_file(copy / "programme.json");
    const std::string anchor = "\"targets\": [";
    text.insert(text.find(anchor) + anchor.size(),
                R"({"indicator": "handhaving.huisbezoeken", "period": "2023", "value": 4, "direction": "at_least"},
                   {"indicator": "info.unieke_bezoekers", "period": "2023", "area": "BU05991571", "value": 1, "direction": "at_least"},
                   {"indicator": "info.unieke_bezoekers", "range": "schooljaar-2023-2024", "value": 1, "direction": "at_least"},)");
    write_file(copy / "programme.json", text);
    ApiServer server{ApiServer::Options{.catalogue_file = copy / "programme.json"}};
    server.clock().set(1688169600);  // 2023-07-01
    auto year = server.as("adviseur", "GET", "/api/v1/indicators?period=2023");
    ASSERT_EQ(year.status, 200) << year.body;
    const auto year_body = json::parse(year.body);
    const auto& target = year_body.at("indicators").at("handhaving.huisbezoeken").at("target").as_object();
    EXPECT_EQ(target.at("value"), 4);
    EXPECT_EQ(target.at("direction"), "at_least");
    EXPECT_DOUBLE_EQ(target.at("progress").as_double(), 0.25);
    EXPECT_DOUBLE_EQ(target.at("elapsed").as_double(), 0.4986);  // 182 of 365 days
    EXPECT_EQ(target.at("status"), "behind");
    EXPECT_EQ(target.at("status_text"), "achter");
    EXPECT_FALSE(year_body.at("indicators").at("info.unieke_bezoekers").as_object().contains("target"))
        << "the buurt's target is not the municipality's";
    // The buurt's own target: met.
    auto buurt = server.as("adviseur", "GET", "/api/v1/indicators?period=2023&area=BU05991571");
    const auto buurt_body = json::parse(buurt.body);
    const auto& met = buurt_body.at("indicators").at("info.unieke_bezoekers").at("target").as_object();
    EXPECT_EQ(met.at("status"), "met");
    EXPECT_DOUBLE_EQ(met.at("progress").as_double(), 1.0);
    // A named range's target beside the range's figure.
    auto school = server.as("adviseur", "GET", "/api/v1/indicators?range=schooljaar-2023-2024");
    ASSERT_EQ(school.status, 200) << school.body;
    EXPECT_EQ(json::parse(school.body).at("indicators").at("info.unieke_bezoekers").at("target").at("range"),
              "schooljaar-2023-2024");
    // A figure the disclosure rule withholds from the public shows no progress either.
    auto pub = server.as("raad", "GET", "/api/v1/indicators?period=2023&area=BU05991571");
    ASSERT_EQ(pub.status, 200) << pub.body;
    const auto pub_body = json::parse(pub.body);
    const auto& hidden = pub_body.at("indicators").at("info.unieke_bezoekers").as_object();
    ASSERT_TRUE(hidden.contains("suppressed"));
    EXPECT_FALSE(hidden.contains("target"));
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
