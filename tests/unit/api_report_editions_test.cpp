// The frozen editions of the report through the API: the approval case
// through /api/v1/cases (the guard names the unwritten blocks in Dutch),
// "vaststellen" freezes, a late delivery changes the live figures and the
// diff names the figure with both values and the delivery, the frozen file
// stays; and a role without reports.approve can neither freeze nor move the
// approval.

#include <cctype>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

TEST(ApiReportEditions, FromConceptToSentThenALateDeliveryShowsInTheDiff) {
    ApiServer server;
    auto opened =
        server.as("adviseur", "POST", "/api/v1/cases", R"({"type": "voortgangsrapportage", "subject": "2023"})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto id = parse_body(opened).at("id").as_int64();
    const auto path = fmt::format("/api/v1/cases/{}/transitions", id);
    auto step = [&](const std::string& user, const std::string& body) { return server.as(user, "POST", path, body); };

    auto waiting = step("adviseur", R"({"transition": "ambtelijk_akkoord"})");
    ASSERT_EQ(waiting.status, 409) << waiting.body;
    const std::string detail(parse_body(waiting).at("detail").as_string());
    ASSERT_NE(detail.find("De rapportage 2023 kan nog niet verder: deze tekstblokken moeten eerst worden geschreven: "),
              std::string::npos)
        << detail;
    EXPECT_NE(detail.find("financieel"), std::string::npos) << detail;
    for (const auto& block : blocks_named(detail)) {
        ASSERT_EQ(
            server.as("adviseur", "PUT", "/api/v1/reports/2023/texts/" + block, R"({"text": "Geschreven."})").status,
            200)
            << block;
    }
    ASSERT_EQ(step("adviseur", R"({"transition": "ambtelijk_akkoord"})").status, 200);
    EXPECT_EQ(step("adviseur", R"({"transition": "vaststellen", "inputs": {"datum": "2024-03-12"}})").status, 400);
    auto decided =
        step("adviseur",
             R"({"transition": "vaststellen", "inputs": {"datum": "2024-03-12", "besluitnummer": "2024/117"}})");
    ASSERT_EQ(decided.status, 200) << decided.body;
    ASSERT_EQ(step("adviseur", R"({"transition": "verzenden", "inputs": {"datum": "2024-03-19"}})").status, 200);

    auto list = server.as("adviseur", "GET", "/api/v1/reports/2023/editions");
    ASSERT_EQ(list.status, 200) << list.body;
    const auto listed_editions = parse_body(list).as_object();
    ASSERT_EQ(listed_editions.at("editions").as_array().size(), 1u);
    const auto& edition = listed_editions.at("editions").as_array()[0].as_object();
    EXPECT_EQ(edition.at("decision_number").as_string(), "2024/117");
    EXPECT_EQ(listed_editions.at("approval").at("state").as_string(), "verzonden");
    const auto edition_id = edition.at("id").as_int64();
    const auto file = fmt::format("/api/v1/reports/2023/editions/{}?format=md", edition_id);
    const auto frozen_md = server.as("adviseur", "GET", file);
    ASSERT_EQ(frozen_md.status, 200);
    const auto diff_path = fmt::format("/api/v1/reports/2023/editions/{}/diff", edition_id);
    EXPECT_EQ(parse_body(server.as("adviseur", "GET", diff_path)).at("changes").as_array().size(), 0u);

    const int64_t reach_before = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=2023"))
                                     .at("indicators")
                                     .at("werk.banenmarkt_bereik")
                                     .at("value")
                                     .as_int64();
    // A partner's late delivery: a job market of 2023 with its reach.
    auto late = server.as(
        "opvang", "POST", "/api/v1/deliveries?file=laat.ndjson",
        R"({"kind": "activity", "id": "ACT-LAAT", "type": "banenmarkt", "date": "2023-11-20", "organisation": "ORG-KP", "count": 12})"
        "\n",
        "application/x-ndjson");
    ASSERT_EQ(late.status, 202) << late.body;
    const auto job = server.finished_job("opvang", late.header("Location"));
    ASSERT_TRUE(job.at("committed").as_bool()) << json::serialize(job);

    EXPECT_EQ(server.as("adviseur", "GET", file).body, frozen_md.body);
    auto diff = server.as("adviseur", "GET", diff_path);
    ASSERT_EQ(diff.status, 200) << diff.body;
    bool found = false;
    const auto changes = parse_body(diff);
    for (const auto& c : changes.at("changes").as_array()) {
        const auto& o = c.as_object();
        if (o.at("period") != "2023" || o.at("area") != "GM0599" || o.at("indicator") != "werk.banenmarkt_bereik")
            continue;
        found = true;
        EXPECT_EQ(o.at("frozen").as_int64(), reach_before);
        EXPECT_EQ(o.at("live").as_int64(), reach_before + 12);
        ASSERT_EQ(o.at("deliveries").as_array().size(), 1u) << json::serialize(o);
        EXPECT_EQ(o.at("deliveries").at(0).at("source").as_string(), "laat.ndjson");
    }
    EXPECT_TRUE(found) << diff.body;
    server.check_contract();
}

TEST(ApiReportEditions, ARoleWithoutTheApprovalCanNeitherFreezeNorMoveIt) {
    ApiServer server;
    auto opened =
        server.as("adviseur", "POST", "/api/v1/cases", R"({"type": "voortgangsrapportage", "subject": "2023"})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto id = parse_body(opened).at("id").as_int64();
    for (const char* user : {"inspecteur", "beheerder", "balie", "opvang", "fg", "regio"}) {
        EXPECT_EQ(server.as(user, "POST", "/api/v1/reports/2023/editions", "{}").status, 403) << user;
        EXPECT_EQ(
            server.as(user, "POST", "/api/v1/cases", R"({"type": "voortgangsrapportage", "subject": "2024"})").status,
            403)
            << user;
        EXPECT_EQ(server
                      .as(user, "POST", fmt::format("/api/v1/cases/{}/transitions", id),
                          R"({"transition": "ambtelijk_akkoord"})")
                      .status,
                  404)
            << user;
    }
    EXPECT_EQ(server.as("", "POST", "/api/v1/reports/2023/editions", "{}").status, 401);
    auto list = server.as("adviseur", "GET", "/api/v1/reports/2023/editions");
    EXPECT_EQ(parse_body(list).at("editions").as_array().size(), 0u);
    EXPECT_EQ(parse_body(list).at("approval").at("state").as_string(), "concept");
}

}  // namespace
}  // namespace grip::testing
