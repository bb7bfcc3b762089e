// The security log through a real server (part 2 of issue 14): each event the
// API writes, read back through GET /api/v1/security-log by the privacy
// officer and the functional administrator (and no one else), never holding
// a password or token; and an error answer's error_id in the server's log.

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "api_support.h"
#include "auth/accounts.h"
#include "privacy/security_log.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class ApiSecurityLog : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    HttpResponse sign_in(const std::string& user, std::string_view password) {
        return server.send("POST", "/api/v1/sessions",
                           json::serialize(json::object{{"username", user}, {"password", password}}),
                           {{"Content-Type", "application/json"}});
    }

    // The events of the security log as the reader sees them, oldest first.
    json::array events(const std::string& reader = "fg", const std::string& query = "") {
        auto r = server.as(reader, "GET", "/api/v1/security-log" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return parse_body(r).at("items").as_array();
    }

    // The last event of that kind, or null.
    json::value last(const std::string& event, const std::string& reader = "fg") {
        json::value found;
        for (const auto& e : events(reader, "?event=" + event)) found = e;
        return found;
    }

    std::string file_text() const {
        std::ifstream in(privacy::security_log_file_for(server.log_file()), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    ApiServer server;
};

TEST_F(ApiSecurityLog, SignInsSucceededFailedAndSignOuts) {
    const std::string wrong = "een verkeerd wachtwoord 1";
    ASSERT_EQ(sign_in("balie", wrong).status, 401);
    auto failed = last("sign_in");
    ASSERT_TRUE(failed.is_object()) << "no sign_in event";
    EXPECT_EQ(failed.at("result").as_string(), "failed");
    EXPECT_EQ(failed.at("target").as_string(), "balie");
    EXPECT_EQ(failed.at("actor").as_string(), "-");
    EXPECT_FALSE(failed.at("client").as_string().empty());

    auto ok = sign_in("balie", kTestPassword);
    ASSERT_EQ(ok.status, 201);
    auto succeeded = last("sign_in");
    EXPECT_EQ(succeeded.at("result").as_string(), "ok");
    EXPECT_EQ(succeeded.at("actor").as_string(), "balie");
    EXPECT_EQ(succeeded.at("municipality").as_string(), "GM0599");

    const std::string cookie = ok.header("Set-Cookie").substr(0, ok.header("Set-Cookie").find(';'));
    const std::string csrf(parse_body(ok).at("csrf_token").as_string());
    ASSERT_EQ(
        server.send("DELETE", "/api/v1/sessions/current", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status,
        204);
    auto out = last("sign_out");
    ASSERT_TRUE(out.is_object()) << "no sign_out event";
    EXPECT_EQ(out.at("actor").as_string(), "balie");

    // A BSN typed as the name is not kept.
    ASSERT_EQ(sign_in("123456782", wrong).status, 401);
    EXPECT_EQ(last("sign_in").at("target").as_string(), privacy::kWithheld);
    const std::string text = file_text();
    EXPECT_EQ(text.find(wrong), std::string::npos) << "a password in the security log";
    EXPECT_EQ(text.find(kTestPassword), std::string::npos) << "a password in the security log";
    EXPECT_EQ(text.find("123456782"), std::string::npos) << "a BSN in the security log";
    EXPECT_EQ(text.find(cookie.substr(cookie.find('=') + 1)), std::string::npos) << "a session token in the log";
}

TEST_F(ApiSecurityLog, AnExpiredSessionIsLogged) {
    auto ok = sign_in("adviseur", kTestPassword);
    ASSERT_EQ(ok.status, 201);
    const std::string cookie = ok.header("Set-Cookie").substr(0, ok.header("Set-Cookie").find(';'));
    server.clock().advance(auth::Accounts::kIdleSeconds + 1);
    ASSERT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 401);
    auto expired = last("session_expired");
    ASSERT_TRUE(expired.is_object()) << "no session_expired event";
    EXPECT_EQ(expired.at("target").as_string(), "adviseur");
    EXPECT_EQ(expired.at("detail").as_string(), "idle");
}

TEST_F(ApiSecurityLog, EveryAdministrativeActAndRefusal) {
    auto user = server.as("beheerder", "POST", "/api/v1/users",
                          R"({"name": "nieuwe-adviseur", "role": "beleid", "password": "een wachtwoord van de test"})");
    ASSERT_EQ(user.status, 201) << user.body;
    auto created = last("user_created");
    ASSERT_TRUE(created.is_object());
    EXPECT_EQ(created.at("actor").as_string(), "beheerder");
    EXPECT_EQ(created.at("target").as_string(), "nieuwe-adviseur");
    EXPECT_NE(created.at("detail").as_string().find("kind=person"), std::string::npos);
    auto granted = last("role_granted");
    EXPECT_EQ(granted.at("result").as_string(), "ok");
    EXPECT_EQ(granted.at("detail").as_string(), "role=beleid");

    ASSERT_EQ(server
                  .as("beheerder", "POST", "/api/v1/users",
                      R"({"name": "nieuwe-fg", "role": "privacy", "password": "een wachtwoord van de test"})")
                  .status,
              403);
    auto refused = last("role_granted");
    EXPECT_EQ(refused.at("result").as_string(), "denied");
    EXPECT_EQ(refused.at("detail").as_string(), "role=privacy");

    const auto id = parse_body(user).at("id").as_int64();
    ASSERT_EQ(server.as("beheerder", "POST", "/api/v1/users/" + std::to_string(id) + "/disable").status, 200);
    EXPECT_EQ(last("user_disabled").at("target").as_string(), "nieuwe-adviseur");

    ASSERT_EQ(server.as("beheerder", "POST", "/api/v1/tokens", R"({"user": "fg", "expires_days": 1})").status, 400);
    EXPECT_EQ(last("token_created").at("result").as_string(), "denied");
    ASSERT_EQ(server
                  .as("beheerder", "POST", "/api/v1/users",
                      R"({"name": "koppeling", "role": "beleid", "kind": "system"})")
                  .status,
              201);
    auto token = server.as("beheerder", "POST", "/api/v1/tokens",
                           R"({"user": "koppeling", "name": "rapportage", "expires_days": 1})");
    ASSERT_EQ(token.status, 201) << token.body;
    auto made = last("token_created");
    EXPECT_EQ(made.at("result").as_string(), "ok");
    EXPECT_EQ(made.at("target").as_string(), "koppeling");
    const auto token_id = parse_body(token).at("id").as_int64();
    ASSERT_EQ(server.as("beheerder", "DELETE", "/api/v1/tokens/" + std::to_string(token_id)).status, 204);
    auto revoked = last("token_revoked");
    ASSERT_TRUE(revoked.is_object());
    EXPECT_EQ(revoked.at("target").as_string(), "koppeling");
    EXPECT_EQ(file_text().find(std::string(parse_body(token).at("token").as_string())), std::string::npos)
        << "a token in the security log";

    // beheer reads it too, with filters and a cursor.
    const auto mine = events("beheerder", "?actor=beheerder&limit=2");
    ASSERT_EQ(mine.size(), 2u);
    auto page = server.as("beheerder", "GET", "/api/v1/security-log?actor=beheerder&limit=2");
    const std::string cursor(parse_body(page).at("next_cursor").as_string());
    const auto next = events("beheerder", "?actor=beheerder&limit=2&cursor=" + cursor);
    ASSERT_FALSE(next.empty());
    EXPECT_GT(next.at(0).at("seq").as_int64(), mine.at(1).at("seq").as_int64());
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/security-log").status, 403);
    EXPECT_EQ(server.as("beheerder", "GET", "/api/v1/security-log?result=maybe").status, 400);

    // The other municipality's readers see their own events only.
    EXPECT_TRUE(events("dh-beheerder", "?actor=beheerder").empty());
}

TEST_F(ApiSecurityLog, AnErrorAnswersIdIsInTheServersLogLine) {
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    auto refused = server.as("adviseur", "GET", "/api/v1/users");
    spdlog::set_default_logger(previous);
    ASSERT_EQ(refused.status, 403);
    const std::string id(parse_body(refused).at("error_id").as_string());
    bool found = false;
    for (const auto& line : sink->last_formatted()) found = found || line.find(id) != std::string::npos;
    EXPECT_TRUE(found) << "error_id " << id << " not in the server's log";
}

}  // namespace
}  // namespace grip::testing
