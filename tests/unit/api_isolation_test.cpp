// Several municipalities in one installation: a user of one municipality
// never sees another's records. Every case of tests/data/api/access.json runs
// again as the users of GM0518 ("dh-" and the name of the GM0599 user with
// the same role, organisation and locations) on a store whose data and cases
// are all GM0599's. Each answer is the GM0599 user's, or what the case's
// "other_municipality" says (404 where the GM0599 user reaches a record or
// case of GM0599), and no answer holds anything of GM0599's data. On both
// backends, like every test.

#include <fstream>
#include <set>
#include <tuple>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "access_table.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

// What GM0599's data holds that no answer to a GM0518 user may show: every
// record id, area code and name of base.ndjson.
std::set<std::string> markers() {
    std::set<std::string> out;
    std::ifstream in(test_data() / "api" / "base.ndjson");
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto record = json::parse(line).as_object();
        // The municipality's own code and name are the catalogue's, which every user reads.
        if (record.contains("level") && record.at("level") == "gemeente") continue;
        for (const char* field : {"id", "code", "family_name", "street", "name"})
            if (const auto* v = record.if_contains(field); v && v->is_string()) out.insert(std::string(v->as_string()));
    }
    return out;
}

TEST(ApiIsolation, AUserOfAnotherMunicipalityReachesNoRecordOnAnyRoute) {
    const auto table = load_access_table();
    const auto secret = markers();
    ASSERT_GT(secret.size(), 10u);
    std::set<std::string> own_ids;
    for (const auto& u : test_users()) {
        if (u.municipality != kOtherMunicipality) continue;
        if (!u.organisation.empty()) own_ids.insert(u.organisation);
        own_ids.insert(u.locations.begin(), u.locations.end());
    }
    auto shared = prepared_server(table);
    int requests = 0;
    auto fresh_servers = std::make_unique<FreshServers>(table, *shared);
    for (const auto& entry : table.at("cases").as_array()) {
        const auto& c = entry.as_object();
        const std::string request(c.at("request").as_string());
        const bool fresh = c.contains("fresh") && c.at("fresh").as_bool();
        const auto* other = c.if_contains("other_municipality");
        fresh_servers->new_case();
        for (const auto& [user_key, expected_here] : c.at("expect").as_object()) {
            const std::string user(user_key);
            // The users with a counterpart in GM0518.
            if (user.empty() || user == "balie-west" || user == "regio") continue;
            const std::string name = "dh-" + user;
            int64_t expected = expected_here.as_int64();
            if (other && other->as_object().contains(user)) expected = other->as_object().at(user).as_int64();
            ApiServer& server = fresh ? fresh_servers->next() : *shared;
            const auto r = table_request(c, name);
            const std::string& target = r.target;
            const std::string& body = r.body;
            const auto response = server.as(name, r.method, target, body, r.content_type);
            if (fresh) fresh_servers->answered(response.status);
            ++requests;
            EXPECT_EQ(response.status, expected) << request << " as " << name << ": " << response.body.substr(0, 300);
            for (const auto& m : secret) {
                // What the request names, and the user's own organisation and locations (the
                // same ids as GM0599's, on purpose), may come back.
                if (target.find(m) != std::string::npos || body.find(m) != std::string::npos || own_ids.count(m))
                    continue;
                EXPECT_EQ(response.body.find(m), std::string::npos)
                    << request << " as " << name << " shows " << m << " of GM0599: " << response.body.substr(0, 400);
            }
        }
    }
    fresh_servers.reset();  // hands its servers' exchanges to the shared server
    EXPECT_GT(requests, 100);
    shared->check_contract();
}

// The same request as GM0599's user and as GM0518's: the records, cases,
// figures and deliveries each sees are its own municipality's.
TEST(ApiIsolation, TheSameRequestGivesEachMunicipalityItsOwn) {
    const auto table = load_access_table();
    auto server = prepared_server(table);
    // GM0599 has four cases; GM0518 none, and case 1 does not exist for it.
    EXPECT_EQ(server->as("adviseur", "GET", "/api/v1/cases?queue=all").status, 200);
    const auto here = json::parse(server->as("adviseur", "GET", "/api/v1/cases?queue=all").body);
    const auto there = json::parse(server->as("dh-adviseur", "GET", "/api/v1/cases?queue=all").body);
    EXPECT_EQ(here.at("items").as_array().size(), 4u);  // and the approval of the 2023 report (access.json setup)
    EXPECT_TRUE(there.at("items").as_array().empty());
    EXPECT_EQ(server->as("dh-adviseur", "GET", "/api/v1/cases/1").status, 404);

    // GM0518 registers a person with GM0599's id: two persons, one each.
    const std::string person = R"({"kind": "person", "id": "PER-1", "nationality": "HU"})";
    EXPECT_EQ(server->as("dh-inspecteur", "POST", "/api/v1/records/person", person).status, 201);
    const auto mine = json::parse(server->as("dh-adviseur", "GET", "/api/v1/records/person/PER-1").body);
    const auto theirs = json::parse(server->as("adviseur", "GET", "/api/v1/records/person/PER-1").body);
    EXPECT_EQ(mine.at("nationality"), "HU");
    EXPECT_EQ(theirs.at("nationality"), "PL");

    // The figures: GM0599's count its activities, GM0518's start empty.
    const auto figures_here = json::parse(server->as("adviseur", "GET", "/api/v1/indicators?period=2023").body);
    const auto figures_there = json::parse(server->as("dh-adviseur", "GET", "/api/v1/indicators?period=2023").body);
    EXPECT_EQ(figures_here.at("area"), "GM0599");
    EXPECT_EQ(figures_there.at("area"), "GM0518");
    EXPECT_EQ(figures_there.at("area_name"), "'s-Gravenhage");
    int64_t sum_here = 0, sum_there = 0;
    for (const auto& [code, f] : figures_here.at("indicators").as_object())
        if (f.at("value").is_int64()) sum_here += f.at("value").as_int64();
    for (const auto& [code, f] : figures_there.at("indicators").as_object())
        if (f.at("value").is_int64()) sum_there += f.at("value").as_int64();
    EXPECT_GT(sum_here, 0);
    EXPECT_EQ(sum_there, 0);

    // A case of GM0518 is assigned to GM0518's users only, and beheer makes
    // tokens for its own users only: another municipality's user is no user.
    for (const auto& [user, kind, record] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"dh-beheerder", "organisation",
              R"({"id": "ORG-HH", "name": "Team Handhaving Den Haag", "type": "gemeente"})"},
             {"dh-inspecteur", "address", R"({"id": "ADR-1", "postcode": "2511 AA", "house_number": 1})"}}) {
        const auto r = server->as(user, "POST", "/api/v1/records/" + kind, record);
        ASSERT_EQ(r.status, 201) << kind << ": " << r.body;
    }
    const auto opened =
        server->as("dh-inspecteur", "POST", "/api/v1/cases",
                   R"({"type": "melding_overbewoning", "record": {"id": "MEL-1", "type": "melding_overbewoning",)"
                   R"( "date": "2023-06-01", "address": "ADR-1", "organisation": "ORG-HH"}})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto case_id = json::parse(opened.body).at("id").as_int64();
    EXPECT_NE(case_id, 1);  // case ids are the installation's; GM0599 has 1 to 3
    const std::string assignment = "/api/v1/cases/" + std::to_string(case_id) + "/assignment";
    EXPECT_EQ(server->as("dh-inspecteur", "PUT", assignment, R"({"team": "ORG-HH", "assignee": "inspecteur"})").status,
              400);
    EXPECT_EQ(
        server->as("dh-inspecteur", "PUT", assignment, R"({"team": "ORG-HH", "assignee": "dh-inspecteur"})").status,
        200);
    EXPECT_EQ(server->as("inspecteur", "GET", "/api/v1/cases/" + std::to_string(case_id)).status, 404);
    EXPECT_EQ(server->as("dh-beheerder", "POST", "/api/v1/tokens", R"({"user": "adviseur", "expires_days": 1})").status,
              400);
    ASSERT_EQ(server
                  ->as("dh-beheerder", "POST", "/api/v1/users",
                       R"({"name": "dh-koppeling", "role": "beleid", "kind": "system"})")
                  .status,
              201);
    EXPECT_EQ(
        server->as("dh-beheerder", "POST", "/api/v1/tokens", R"({"user": "dh-koppeling", "expires_days": 1})").status,
        201);

    // The users and tokens beheer manages are its municipality's.
    const auto users_there = json::parse(server->as("dh-beheerder", "GET", "/api/v1/users").body);
    for (const auto& u : users_there.at("items").as_array())
        EXPECT_EQ(std::string(u.at("name").as_string()).rfind("dh-", 0), 0u) << u;
}

// The regional role: the figures of the municipalities that share them, side
// by side and summed; never a record.
TEST(ApiIsolation, TheRegionalRoleReadsFiguresOfSharingMunicipalitiesOnly) {
    const auto table = load_access_table();
    auto server = prepared_server(table);
    const auto region = server->as("regio", "GET", "/api/v1/region/indicators?period=2023");
    ASSERT_EQ(region.status, 200) << region.body;
    const auto doc = json::parse(region.body).as_object();
    const auto& members = doc.at("municipalities").as_array();
    ASSERT_EQ(members.size(), 2u);  // Rotterdam and 's-Gravenhage share; Eindhoven does not
    EXPECT_EQ(members[0].at("code"), "GM0599");
    EXPECT_EQ(members[1].at("code"), "GM0518");
    ASSERT_EQ(doc.at("not_sharing").as_array().size(), 1u);
    EXPECT_EQ(doc.at("not_sharing").as_array()[0].at("code"), "GM0772");
    // The region's exact sums are the sums of the members'.
    const auto here = json::parse(server->as("adviseur", "GET", "/api/v1/indicators?period=2023").body);
    int checked = 0;
    for (const auto& [code, total] : doc.at("region").as_object()) {
        const auto& t = total.as_object();
        if (t.at("summing") == "none") {
            EXPECT_TRUE(t.at("value").is_null()) << code;
            continue;
        }
        const auto& mine = here.at("indicators").at(code).at("value");
        if (!mine.is_int64()) continue;
        EXPECT_EQ(t.at("value"), mine) << code;  // GM0518 has no data yet
        ++checked;
    }
    EXPECT_GT(checked, 5);

    // GM0518 registers an information-point visit with GM0599's ids: the
    // region counts both municipalities' visits.
    const auto& region_before = doc.at("region");
    const auto visitors = region_before.at("info.unieke_bezoekers").at("value").as_int64();
    const auto points = region_before.at("info.infopunten").at("value").as_int64();
    EXPECT_EQ(region_before.at("info.unieke_bezoekers").at("summing"), "per_municipality");
    EXPECT_EQ(region_before.at("info.infopunten").at("summing"), "exact");
    for (
        const auto& [user, kind, record] : std::vector<std::tuple<std::string, std::string, std::string>>{
            {"dh-beheerder", "organisation",
             R"({"id": "ORG-INFO", "name": "Informatiepunt Den Haag", "type": "gemeente"})"},
            {"dh-beheerder", "location",
             R"({"id": "LOC-ZUID", "type": "infopunt", "name": "Infopunt Centrum", "opened": "2021-01-01"})"},
            {"dh-balie", "person", R"({"id": "PER-1", "nationality": "PL"})"},
            {"dh-balie", "activity",
             R"({"id": "ACT-1", "type": "infopunt_bezoek", "date": "2023-05-01", "person": "PER-1", "location": "LOC-ZUID", "organisation": "ORG-INFO"})"}}) {
        const auto r = server->as(user, "POST", "/api/v1/records/" + kind, record);
        ASSERT_EQ(r.status, 201) << kind << ": " << r.body;
    }
    const auto after = json::parse(server->as("regio", "GET", "/api/v1/region/indicators?period=2023").body);
    EXPECT_EQ(after.at("region").at("info.unieke_bezoekers").at("value").as_int64(), visitors + 1);
    EXPECT_EQ(after.at("region").at("info.infopunten").at("value").as_int64(), points + 1);
    EXPECT_EQ(after.at("municipalities").at(1).at("indicators").at("info.unieke_bezoekers").at("value").as_int64(), 1);

    // Never a record, of any municipality: refused, or not there.
    for (const char* target :
         {"/api/v1/records/person/PER-1", "/api/v1/records/activity/ACT-1", "/api/v1/records/activity",
          "/api/v1/indicators?period=2023", "/api/v1/reports/2023", "/api/v1/deliveries"})
        EXPECT_EQ(server->as("regio", "GET", target).status, 403) << target;
    EXPECT_EQ(server->as("regio", "GET", "/api/v1/cases/1").status, 404);
    const auto cases = server->as("regio", "GET", "/api/v1/cases?queue=all");
    ASSERT_EQ(cases.status, 200);
    EXPECT_TRUE(json::parse(cases.body).at("items").as_array().empty()) << cases.body;
    // Other roles do not read the region.
    for (const char* user : {"adviseur", "dh-adviseur", "balie", "beheerder", "fg"})
        EXPECT_EQ(server->as(user, "GET", "/api/v1/region/indicators?period=2023").status, 403) << user;
}

}  // namespace
}  // namespace grip::testing
