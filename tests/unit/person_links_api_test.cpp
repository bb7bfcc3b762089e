// People without a BSN through the API (issue 16, part 3): two partners
// register the same human without a BSN; the match is suggested; linked it
// counts once, unlinked twice. Need-to-know as an attacker meets it: another
// organisation's own-scope user never gets the names of a person it may not
// see through the matches or link routes, and an id it may not see reads as
// a missing one.

#include <algorithm>
#include <cctype>
#include <string>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

class PersonLinksApi : public ::testing::Test {
protected:
    void SetUp() override {
        // balie (ORG-INFO, LOC-ZUID) and opvang (ORG-KP) each register the
        // same human without a BSN, with a visit.
        ASSERT_EQ(post("balie", "/api/v1/records/person",
                       R"({"id": "X-1", "given_name": "José", "family_name": "van der Berg", "birth_date": "1990-05-01",
                           "client_number": "INFO-9"})"),
                  201);
        ASSERT_EQ(post("balie", "/api/v1/records/activity",
                       R"({"id": "VX-1", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "X-1",
                           "location": "LOC-ZUID", "organisation": "ORG-INFO"})"),
                  201);
        ASSERT_EQ(
            post("opvang", "/api/v1/records/person",
                 R"({"id": "Y-1", "given_name": "JOSE", "family_name": "Vanderberg-Secret", "birth_year": 1990})"),
            201);
        // The same name as X-1 in another order and spelling: a match.
        ASSERT_EQ(post("opvang", "/api/v1/records/person",
                       R"({"id": "Y-2", "given_name": "Berg", "family_name": "Jose van der", "birth_date": "1990-05-01",
                           "client_number": "KP-SECRET-1"})"),
                  201);
        ASSERT_EQ(post("opvang", "/api/v1/records/activity",
                       R"({"id": "VY-2", "type": "infopunt_bezoek", "date": "2023-06-02", "person": "Y-2",
                           "organisation": "ORG-KP"})"),
                  201);
    }
    void TearDown() override { server.check_contract(); }

    int post(const std::string& user, const std::string& target, const std::string& body) {
        auto r = server.as(user, "POST", target, body);
        EXPECT_LT(r.status, 300) << target << ": " << r.body;
        return r.status;
    }
    int64_t unique() {
        auto set = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=2023"));
        return set.at("indicators").at("info.unieke_bezoekers").at("value").as_int64();
    }
    json::array matches(const std::string& user, const std::string& body) {
        auto r = server.as(user, "POST", "/api/v1/persons/matches", body);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? parse_body(r).at("items").as_array() : json::array();
    }

    ApiServer server;
};

TEST_F(PersonLinksApi, SuggestedLinkedCountedOnceUnlinkedTwice) {
    const auto before = unique();
    auto found = matches("balie", R"({"person": "X-1"})");
    ASSERT_EQ(found.size(), 1u) << json::serialize(found);
    const auto& m = found[0].as_object();
    EXPECT_EQ(m.at("id"), "Y-2");
    EXPECT_EQ(m.at("visible"), false);
    EXPECT_EQ(m.at("linked"), false);
    EXPECT_FALSE(m.contains("record")) << "no names of another organisation's person";
    EXPECT_EQ(m.at("organisations").as_array()[0].at("id"), "ORG-KP");

    auto linked = server.as("balie", "POST", "/api/v1/persons/X-1/links", R"({"other": "Y-2"})");
    ASSERT_EQ(linked.status, 200) << linked.body;
    EXPECT_EQ(unique(), before - 1) << "linked persons count once";
    found = matches("balie", R"({"person": "X-1"})");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].at("linked"), true);
    EXPECT_EQ(found[0].at("direct"), true);

    // The link is in the record's history.
    auto history = parse_body(server.as("balie", "GET", "/api/v1/records/person/X-1/history"));
    const auto& versions = history.at("items").as_array();
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[1].at("fields").at("same_as"), "Y-2");
    // And in the processing log, for both persons.
    const auto log = read_file(server.log_file());
    EXPECT_NE(log.find("person/Y-2"), std::string::npos);

    // A correction of the own record keeps the link to a person the desk may not see.
    auto corrected = server.as("balie", "PUT", "/api/v1/records/person/X-1",
                               R"({"given_name": "José", "family_name": "van der Berg", "birth_date": "1990-05-01",
                                   "nationality": "ES", "same_as": "Y-2"})");
    ASSERT_EQ(corrected.status, 200) << corrected.body;
    EXPECT_EQ(unique(), before - 1);
    // A new link to a person it may not see is no correction: refused as missing.
    auto widened = server.as("balie", "PUT", "/api/v1/records/person/X-1",
                             R"({"given_name": "José", "family_name": "van der Berg", "same_as": "Y-1"})");
    EXPECT_EQ(widened.status, 400) << widened.body;

    auto unlinked = server.as("balie", "DELETE", "/api/v1/persons/X-1/links/Y-2");
    ASSERT_EQ(unlinked.status, 200) << unlinked.body;
    EXPECT_EQ(unique(), before) << "unlinked they count twice";
}

TEST_F(PersonLinksApi, AMatchByNameAndBirthDate) {
    auto found =
        matches("opvang", R"({"given_name": "jose", "family_name": "VAN DER BERG", "birth_date": "1990-05-01"})");
    std::vector<std::string> ids;
    for (const auto& m : found) ids.emplace_back(m.at("id").as_string());
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"X-1", "Y-2"}));
    EXPECT_EQ(server.as("opvang", "POST", "/api/v1/persons/matches", R"({"given_name": "jose"})").status, 400);
}

// DISABLED: crashes the test process (under investigation, see the report of branch persons).
TEST_F(PersonLinksApi, AnotherOrganisationNeverGetsTheNames) {
    // balie-west (ORG-WEST) sees none of these persons.
    for (const std::string body : {R"({"person": "X-1"})", R"({"person": "Y-2"})"}) {
        auto r = server.as("balie-west", "POST", "/api/v1/persons/matches", body);
        EXPECT_EQ(r.status, 404) << r.body;
    }
    // Knowing the name and birth date, it learns that matches exist, not what
    // the partners hold.
    auto r = server.as("balie-west", "POST", "/api/v1/persons/matches",
                       R"({"given_name": "José", "family_name": "van der Berg", "birth_date": "1990-05-01"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(lowercase(r.body).find("secret"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("INFO-9"), std::string::npos);
    EXPECT_EQ(r.body.find("given_name"), std::string::npos);
    // The body is kept: a range-for over a member of a temporary would read freed memory.
    const auto matches = parse_body(r);
    for (const auto& m : matches.at("items").as_array()) EXPECT_EQ(m.at("visible"), false);

    // Links between records it may not see read as missing persons.
    const auto missing = server.as("balie-west", "POST", "/api/v1/persons/NOBODY/links", R"({"other": "Y-2"})");
    const auto hidden = server.as("balie-west", "POST", "/api/v1/persons/X-1/links", R"({"other": "Y-2"})");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(hidden.status, 404);
    EXPECT_EQ(parse_body(missing).at("detail"), parse_body(hidden).at("detail"));
    EXPECT_EQ(server.as("balie-west", "DELETE", "/api/v1/persons/X-1/links/Y-2").status, 404);

    // Its own person linked to one it may not see that is no match: refused
    // as missing, so ids cannot be probed.
    ASSERT_EQ(post("balie-west", "/api/v1/records/person",
                   R"({"id": "W-1", "given_name": "Piet", "family_name": "Jansen", "birth_year": 1970})"),
              201);
    const auto probe = server.as("balie-west", "POST", "/api/v1/persons/W-1/links", R"({"other": "Y-1"})");
    EXPECT_EQ(probe.status, 404) << probe.body;
    EXPECT_EQ(lowercase(probe.body).find("secret"), std::string::npos);
    // A role without persons.link may not link at all.
    EXPECT_EQ(server.as("adviseur", "POST", "/api/v1/persons/X-1/links", R"({"other": "Y-2"})").status, 403);
}

}  // namespace
}  // namespace grip::testing
