// Users and API tokens through the API (beheer): a user added over the API
// signs in; disabling ends it; a token created over the API works until it
// is revoked; passwords and token hashes never come back.

#include <map>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class ApiUsers : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    int sign_in(const std::string& user, const std::string& password) {
        return static_cast<int>(server
                                    .send("POST", "/api/v1/sessions",
                                          json::serialize(json::object{{"username", user}, {"password", password}}),
                                          {{"Content-Type", "application/json"}})
                                    .status);
    }

    ApiServer server;
};

TEST_F(ApiUsers, AddSignInAndDisable) {
    const std::string password = "een wachtwoord van de test";
    auto added = server.as("beheerder", "POST", "/api/v1/users",
                           json::serialize(json::object{{"name", "nieuwe-adviseur"},
                                                        {"role", "beleid"},
                                                        {"organisation", "ORG-INFO"},
                                                        {"locations", json::array{"LOC-ZUID"}},
                                                        {"password", password}}));
    ASSERT_EQ(added.status, 201) << added.body;
    const auto user = parse_body(added).as_object();
    EXPECT_EQ(user.at("role").as_string(), "beleid");
    EXPECT_EQ(user.at("kind").as_string(), "person");
    EXPECT_EQ(user.at("locations").as_array().size(), 1u);
    EXPECT_FALSE(user.contains("password")) << "no password, no hash";
    EXPECT_FALSE(user.contains("password_hash"));
    EXPECT_EQ(sign_in("nieuwe-adviseur", password), 201);

    auto listed = server.as("beheerder", "GET", "/api/v1/users");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.find("$argon2"), std::string::npos);

    // The same name again, a bad role, a short password: refused per field.
    EXPECT_EQ(server
                  .as("beheerder", "POST", "/api/v1/users",
                      json::serialize(
                          json::object{{"name", "Nieuwe-Adviseur"}, {"role", "beleid"}, {"password", password}}))
                  .status,
              409);
    auto bad = server.as("beheerder", "POST", "/api/v1/users",
                         json::serialize(json::object{{"name", "x"}, {"role", "koning"}, {"password", "kort"}}));
    ASSERT_EQ(bad.status, 400);
    EXPECT_EQ(parse_body(bad).at("invalid_params").as_array().size(), 2u) << bad.body;

    const auto id = user.at("id").as_int64();
    auto disabled = server.as("beheerder", "POST", "/api/v1/users/" + std::to_string(id) + "/disable");
    ASSERT_EQ(disabled.status, 200) << disabled.body;
    EXPECT_TRUE(parse_body(disabled).at("disabled").as_bool());
    EXPECT_EQ(sign_in("nieuwe-adviseur", password), 401);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/users").status, 403);
}

// Hole 3: beheer gives only the roles whose granted_by names it; a role
// that sees personal data or the processing log is the operator's to give.
TEST_F(ApiUsers, BeheerCannotGiveARoleWithPersonalData) {
    const std::string password = "een wachtwoord van de test";
    for (const char* role : {"infopunt", "handhaving", "ketenpartner", "privacy"}) {
        auto refused = server.as("beheerder", "POST", "/api/v1/users",
                                 json::serialize(json::object{{"name", std::string("nieuw-") + role},
                                                              {"role", role},
                                                              {"password", password}}));
        EXPECT_EQ(refused.status, 403) << role << ": " << refused.body;
        EXPECT_EQ(sign_in(std::string("nieuw-") + role, password), 401) << role << " was not made";
    }
    auto system = server.as("beheerder", "POST", "/api/v1/users",
                            R"({"name": "koppeling-opvang", "role": "ketenpartner", "kind": "system"})");
    EXPECT_EQ(system.status, 403) << "nor to a system: " << system.body;
}

// Issue 16: beheer chooses from the roles it may give (regio among them) and
// changes a user's role and places between those; a role with personal data
// stays the operator's, in both directions, and one's own account another's.
TEST_F(ApiUsers, BeheerChangesARoleBetweenTheRolesItMayGive) {
    auto roles = server.as("beheerder", "GET", "/api/v1/roles");
    ASSERT_EQ(roles.status, 200) << roles.body;
    std::map<std::string, bool> grantable;
    const auto role_list = parse_body(roles);
    for (const auto& r : role_list.at("items").as_array())
        grantable[std::string(r.at("name").as_string())] = r.at("grantable").as_bool();
    EXPECT_TRUE(grantable.at("regio"));
    EXPECT_TRUE(grantable.at("beleid"));
    EXPECT_FALSE(grantable.at("infopunt"));
    EXPECT_FALSE(grantable.at("privacy"));
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/roles").status, 403);

    const std::string password = "een wachtwoord van de test";
    auto added =
        server.as("beheerder", "POST", "/api/v1/users",
                  json::serialize(json::object{{"name", "wisselaar"}, {"role", "beleid"}, {"password", password}}));
    ASSERT_EQ(added.status, 201) << added.body;
    const std::string path = "/api/v1/users/" + std::to_string(parse_body(added).at("id").as_int64());
    auto session = server.send("POST", "/api/v1/sessions",
                               json::serialize(json::object{{"username", "wisselaar"}, {"password", password}}),
                               {{"Content-Type", "application/json"}});
    ASSERT_EQ(session.status, 201);
    const std::string cookie = cookie_of(session);
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", "", {{"Cookie", cookie}}).status, 200);

    auto changed = server.as("beheerder", "PATCH", path, R"({"role": "regio"})");
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(parse_body(changed).at("role").as_string(), "regio");
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", "", {{"Cookie", cookie}}).status, 401)
        << "the user's session ended with the change";

    EXPECT_EQ(server.as("beheerder", "PATCH", path, R"({"role": "infopunt", "locations": ["LOC-ZUID"]})").status, 403)
        << "not to a role with personal data";
    std::string inspector;
    const auto user_list = parse_body(server.as("beheerder", "GET", "/api/v1/users"));
    for (const auto& u : user_list.at("items").as_array()) {
        if (u.at("name").as_string() == "inspecteur") inspector = std::to_string(u.at("id").as_int64());
        if (u.at("name").as_string() == "beheerder") {
            EXPECT_EQ(server
                          .as("beheerder", "PATCH", "/api/v1/users/" + std::to_string(u.at("id").as_int64()),
                              R"({"role": "beleid"})")
                          .status,
                      409)
                << "not one's own account";
        }
    }
    ASSERT_FALSE(inspector.empty());
    EXPECT_EQ(server.as("beheerder", "PATCH", "/api/v1/users/" + inspector, R"({"role": "beleid"})").status, 403)
        << "nor from one";
    EXPECT_EQ(server.as("beheerder", "PATCH", "/api/v1/users/" + inspector, R"({"locations": ["LOC-ZUID"]})").status,
              403)
        << "nor its places";
    EXPECT_EQ(server.as("beheerder", "PATCH", path, R"({"rol": "beleid"})").status, 400);
    EXPECT_EQ(server.as("beheerder", "PATCH", "/api/v1/users/999999", R"({"role": "beleid"})").status, 404);
}

// Hole 3: a token is for a partner system's account, never a person's, so
// that beheer cannot read as someone else.
TEST_F(ApiUsers, ATokenIsForASystemAccountAndWorksUntilRevoked) {
    auto person = server.as("beheerder", "POST", "/api/v1/tokens",
                            json::serialize(json::object{{"user", "fg"}, {"name", "ik"}, {"expires_days", 30}}));
    ASSERT_EQ(person.status, 400) << person.body;
    EXPECT_EQ(parse_body(person).at("invalid_params").at(0).at("name").as_string(), "user");

    auto system =
        server.as("beheerder", "POST", "/api/v1/users", R"({"name": "dashboard", "role": "beleid", "kind": "system"})");
    ASSERT_EQ(system.status, 201) << system.body;
    EXPECT_EQ(parse_body(system).at("kind").as_string(), "system");
    EXPECT_EQ(sign_in("dashboard", "een wachtwoord van de test"), 401);
    EXPECT_EQ(
        server
            .as("beheerder", "POST", "/api/v1/users",
                R"({"name": "dashboard2", "role": "beleid", "kind": "system", "password": "een wachtwoord van de test"})")
            .status,
        400)
        << "a system has no password";

    auto created =
        server.as("beheerder", "POST", "/api/v1/tokens",
                  json::serialize(json::object{{"user", "dashboard"}, {"name", "dashboard"}, {"expires_days", 30}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto issued = parse_body(created).as_object();
    const std::string token(issued.at("token").as_string());
    const auto id = issued.at("id").as_int64();
    auto who = server.send("GET", "/api/v1/sessions/current", {}, {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(who.status, 200);
    EXPECT_EQ(parse_body(who).at("user").as_string(), "dashboard");

    auto listed = server.as("beheerder", "GET", "/api/v1/tokens");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.find(token), std::string::npos) << "the token is shown once";

    EXPECT_EQ(server
                  .as("beheerder", "POST", "/api/v1/tokens",
                      json::serialize(json::object{{"user", "niemand"}, {"expires_days", 30}}))
                  .status,
              400);
    EXPECT_EQ(server.as("beheerder", "DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 204);
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Authorization", "Bearer " + token}}).status, 401);
    EXPECT_EQ(server.as("beheerder", "DELETE", "/api/v1/tokens/999999").status, 404);
}

}  // namespace
}  // namespace grip::testing
