// Signing in with a session cookie: the cookie's attributes, CSRF protection
// of writes, idle and absolute expiry, signing out on the server, and the
// throttling of failed sign-ins with growing waits, and a stale cookie that
// neither stops signing in again nor outlives a 401. The clock is the test's.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class ApiSession : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    // Signs in (with the second factor where the role needs it); returns
    // the Cookie header value and the CSRF token.
    std::pair<std::string, std::string> sign_in(const std::string& user) {
        auto session = server.sign_in(user);
        return {session.cookie, session.csrf};
    }

    ApiServer server;
};

TEST_F(ApiSession, TheCookieIsHostOnlySecureHttpOnlyStrict) {
    auto response = server.send("POST", "/api/v1/sessions",
                                json::serialize(json::object{{"username", "balie"}, {"password", kTestPassword}}),
                                {{"Content-Type", "application/json"}});
    ASSERT_EQ(response.status, 201);
    const std::string cookie = response.header("Set-Cookie");
    EXPECT_EQ(cookie.rfind("__Host-grip_session=", 0), 0u) << cookie;
    for (const auto* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"})
        EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute;
    EXPECT_EQ(cookie.find("Domain"), std::string::npos);
    const std::string token = cookie.substr(20, cookie.find(';') - 20);
    EXPECT_GE(token.size(), 22u) << "at least 128 random bits";
    auto who = parse_body(response).as_object();
    EXPECT_EQ(who.at("role").as_string(), "infopunt");
    EXPECT_EQ(response.body.find(token), std::string::npos) << "the session token is only in the cookie";
}

TEST_F(ApiSession, WritesNeedTheCsrfToken) {
    auto [cookie, csrf] = sign_in("balie");
    const std::string person = R"({"id": "P-CSRF", "nationality": "PL"})";
    auto refused = server.send("POST", "/api/v1/records/person", person,
                               {{"Cookie", cookie}, {"Content-Type", "application/json"}});
    EXPECT_EQ(refused.status, 403);
    auto wrong = server.send("POST", "/api/v1/records/person", person,
                             {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", "wrong"}});
    EXPECT_EQ(wrong.status, 403);
    auto ok = server.send("POST", "/api/v1/records/person", person,
                          {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(ok.status, 201) << ok.body;
    // Reads need no token.
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 200);
}

TEST_F(ApiSession, IdleSessionsEndAfterThirtyMinutes) {
    auto [cookie, csrf] = sign_in("adviseur");
    server.clock().advance(29 * 60);
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 200);
    server.clock().advance(29 * 60);
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 200)
        << "use keeps the session alive";
    server.clock().advance(31 * 60);
    auto expired = server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}});
    EXPECT_EQ(expired.status, 401);
    EXPECT_NE(expired.body.find("sign in again"), std::string::npos);
}

TEST_F(ApiSession, SessionsEndTwelveHoursAfterSigningIn) {
    auto [cookie, csrf] = sign_in("adviseur");
    for (int i = 0; i < 35; ++i) {  // 35 × 20 minutes = 11 h 40 min of steady use
        server.clock().advance(20 * 60);
        ASSERT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 200) << i;
    }
    server.clock().advance(21 * 60);
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 401);
}

TEST_F(ApiSession, SigningOutEndsTheSessionOnTheServer) {
    auto [cookie, csrf] = sign_in("balie");
    EXPECT_EQ(server.send("DELETE", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 403)
        << "signing out is a write: it needs the CSRF token";
    auto out = server.send("DELETE", "/api/v1/sessions/current", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(out.status, 204);
    EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    // The same cookie, replayed, is refused.
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}}).status, 401);
}

TEST_F(ApiSession, FailedSignInsWaitLongerAndLongerWithoutALockout) {
    const auto attempt = [&](const std::string& user, std::string_view password) {
        return server.send("POST", "/api/v1/sessions",
                           json::serialize(json::object{{"username", user}, {"password", password}}),
                           {{"Content-Type", "application/json"}});
    };
    for (int i = 0; i < 5; ++i) ASSERT_EQ(attempt("balie", "not the password").status, 401u) << i;
    // Each further failure doubles the wait; even the right password waits.
    for (const int wait : {4, 8, 16, 32}) {
        const auto held = attempt("balie", kTestPassword);
        ASSERT_EQ(held.status, 429u) << wait;
        EXPECT_EQ(held.header("Retry-After"), std::to_string(wait));
        server.clock().advance(wait);
        ASSERT_EQ(attempt("balie", "not the password").status, 401u) << wait;
    }
    EXPECT_EQ(attempt("adviseur", kTestPassword).status, 201u) << "other accounts are not affected";
    server.clock().advance(64);
    EXPECT_EQ(attempt("balie", kTestPassword).status, 201u) << "after the wait the right password works: no lockout";
    EXPECT_EQ(server
                  .send("POST", "/api/v1/sessions", R"({"username": "balie"})", {{"Content-Type", "application/json"}})
                  .status,
              400u);
}

TEST_F(ApiSession, AStaleCookieDoesNotStopSigningInAgain) {
    auto [cookie, csrf] = sign_in("adviseur");
    server.clock().advance(31 * 60);  // the session has ended
    for (const std::string& stale : {cookie, std::string("__Host-grip_session=made-up")}) {
        const auto response =
            server.send("POST", "/api/v1/sessions",
                        json::serialize(json::object{{"username", "adviseur"}, {"password", kTestPassword}}),
                        {{"Content-Type", "application/json"}, {"Cookie", stale}});
        EXPECT_EQ(response.status, 201u) << response.body;
        EXPECT_NE(response.header("Set-Cookie").find("__Host-grip_session="), std::string::npos);
        EXPECT_EQ(server.send("GET", "/healthz", {}, {{"Cookie", stale}}).status, 200u);
    }
}

TEST_F(ApiSession, A401ClearsTheSessionCookie) {
    auto [cookie, csrf] = sign_in("adviseur");
    server.clock().advance(31 * 60);
    const auto expired = server.send("GET", "/api/v1/sessions/current", {}, {{"Cookie", cookie}});
    ASSERT_EQ(expired.status, 401u);
    const std::string cleared = expired.header("Set-Cookie");
    EXPECT_EQ(cleared.rfind("__Host-grip_session=;", 0), 0u) << cleared;
    for (const auto* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "; Max-Age=0"})
        EXPECT_NE(cleared.find(attribute), std::string::npos) << attribute;
    // A wrong password with a stale cookie: 401, and the cookie goes too.
    const auto wrong =
        server.send("POST", "/api/v1/sessions",
                    json::serialize(json::object{{"username", "adviseur"}, {"password", "not it at all"}}),
                    {{"Content-Type", "application/json"}, {"Cookie", cookie}});
    EXPECT_EQ(wrong.status, 401u);
    EXPECT_NE(wrong.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    // Without a cookie, a 401 sets none.
    EXPECT_FALSE(server.send("GET", "/api/v1/sessions/current").has_header("Set-Cookie"));
}

TEST_F(ApiSession, RevokedAndUnknownTokensAreRefused) {
    EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, {{"Authorization", "Bearer nonsense"}}).status, 401);
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/sessions/current").status, 200);
    server.clock().advance(31 * 24 * 3600);  // the test tokens live 30 days
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/sessions/current").status, 401);
}

}  // namespace
}  // namespace grip::testing
