// The server's part of the registration forms (issue 16, parts 1 and 2): a
// withdrawal with its reason, kept sealed with it and shown in the history
// to a role with personal data; the buurt of a postcode for a new address,
// from the addresses Grip holds, without an address in the answer.

#include <filesystem>
#include <fstream>
#include <iterator>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"
#include "catalogue/catalogue_loader.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class RegistrationApi : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

TEST_F(RegistrationApi, AWithdrawalKeepsItsReasonInTheHistory) {
    auto visit = server.as("balie", "POST", "/api/v1/records/activity",
                           R"({"id": "A-R", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(visit.status, 201) << visit.body;
    // A reason that is not text, or too long, is refused, and nothing is withdrawn.
    EXPECT_EQ(server.as("balie", "DELETE", "/api/v1/records/activity/A-R", R"({"reason": 12})").status, 400);
    EXPECT_EQ(server
                  .as("balie", "DELETE", "/api/v1/records/activity/A-R",
                      json::serialize(json::object{{"reason", std::string(501, 'x')}}))
                  .status,
              400);
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/activity/A-R").status, 200);

    ASSERT_EQ(
        server.as("balie", "DELETE", "/api/v1/records/activity/A-R", R"({"reason": "Dubbel geregistreerd"})").status,
        204);
    auto history = server.as("balie", "GET", "/api/v1/records/activity/A-R/history");
    ASSERT_EQ(history.status, 200) << history.body;
    const auto body = parse_body(history);
    const auto& versions = body.at("items").as_array();
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_TRUE(versions[1].at("withdrawn").as_bool());
    EXPECT_EQ(versions[1].at("reason").as_string(), "Dubbel geregistreerd");
    EXPECT_FALSE(versions[0].as_object().contains("reason"));

    // A withdrawal without a body still works, without a reason.
    ASSERT_EQ(server
                  .as("balie", "POST", "/api/v1/records/activity",
                      R"({"id": "A-S", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                            "location": "LOC-ZUID", "organisation": "ORG-INFO"})")
                  .status,
              201);
    ASSERT_EQ(server.as("balie", "DELETE", "/api/v1/records/activity/A-S").status, 204);
    auto plain = parse_body(server.as("balie", "GET", "/api/v1/records/activity/A-S/history"));
    EXPECT_FALSE(plain.at("items").as_array().back().as_object().contains("reason"));

    // Registered again, the activity counts again; its new version has no reason.
    auto again = server.as("balie", "PUT", "/api/v1/records/activity/A-R",
                           R"({"type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_TRUE(again.status == 200 || again.status == 201) << again.body;
    EXPECT_FALSE(parse_body(again).as_object().contains("withdrawal_reason"));
}

TEST_F(RegistrationApi, ARoleWithoutPersonalDataDoesNotSeeTheReason) {
    ASSERT_EQ(server
                  .as("adviseur", "POST", "/api/v1/records/milestone",
                      R"({"id": "M-R", "theme": "info", "date": "2023-06-01", "text": "Infopunt open"})")
                  .status,
              201);
    ASSERT_EQ(
        server.as("adviseur", "DELETE", "/api/v1/records/milestone/M-R", R"({"reason": "Verkeerd thema"})").status,
        204);
    auto history = parse_body(server.as("adviseur", "GET", "/api/v1/records/milestone/M-R/history"));
    EXPECT_FALSE(history.at("items").as_array().back().as_object().contains("reason"))
        << "a reason may name a person: sealed, for roles with personal data";
}

TEST_F(RegistrationApi, TheBuurtOfAPostcodeComesFromTheAddressesGripHolds) {
    auto found = server.as("inspecteur", "POST", "/api/v1/addresses/area", R"({"postcode": "3081ab"})");
    ASSERT_EQ(found.status, 200) << found.body;
    const auto body = parse_body(found);
    ASSERT_EQ(body.at("items").as_array().size(), 1u) << found.body;
    EXPECT_EQ(body.at("items").at(0).at("area").as_string(), "BU05991571");
    EXPECT_EQ(found.body.find("ADR-1"), std::string::npos) << "no address in the answer";
    EXPECT_EQ(found.body.find("Voorbeeldstraat"), std::string::npos);

    auto none = server.as("inspecteur", "POST", "/api/v1/addresses/area", R"({"postcode": "9999 ZZ"})");
    ASSERT_EQ(none.status, 200);
    EXPECT_TRUE(parse_body(none).at("items").as_array().empty());
    EXPECT_EQ(server.as("inspecteur", "POST", "/api/v1/addresses/area", R"({"postcode": "99"})").status, 400);
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/addresses/area", R"({"postcode": "3081 AB"})").status, 403)
        << "a role that reads no addresses learns nothing of them";
    EXPECT_EQ(server.as("adviseur", "POST", "/api/v1/addresses/area", R"({"postcode": "3081 AB"})").status, 403);
}

// `required` on an attribute is the form's (catalogue data): true or false,
// checked with its path; the shipped catalogue asks DigiD help for its result.
TEST(CatalogueRequired, AnAttributesRequiredIsTrueOrFalse) {
    std::ifstream in(std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "programme.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<catalogue::CatalogueProblem> problems;
    auto shipped = json::parse(text).as_object();
    ASSERT_TRUE(catalogue::parse_catalogue(text, problems)) << (problems.empty() ? "" : problems[0].message);
    bool digid = false;
    for (auto& type : shipped.at("activity_types").as_array())
        if (type.at("code") == "digid_hulp")
            for (auto& attr : type.at("attributes").as_array())
                digid = digid || (attr.at("name") == "resultaat" && attr.as_object().contains("required") &&
                                  attr.at("required").as_bool());
    EXPECT_TRUE(digid) << "DigiD help counts as activated only with its result";

    auto& first = shipped.at("activity_types").as_array().at(0).as_object();
    first["attributes"] = json::array{json::object{{"name", "x"}, {"type", "text"}, {"required", "yes"}}};
    problems.clear();
    EXPECT_FALSE(catalogue::parse_catalogue(json::serialize(shipped), problems));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "activity_types[0].attributes[0].required");
    EXPECT_EQ(problems[0].message, "must be true or false");
}

}  // namespace
}  // namespace grip::testing
