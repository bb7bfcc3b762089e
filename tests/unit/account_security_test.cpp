// Local accounts as OWASP ASVS 4.0.3 level 2 asks: changing one's own
// password, beheer's reset that forces a change, and the TOTP second factor
// (RFC 6238) that roles with personal data need: enrolment, a wrong code, a
// replayed code, throttling, and re-enrolment after beheer's reset. Through
// the real server, on the backend the tests run on (SQLite, or PostgreSQL with
// GRIP_TEST_POSTGRES); the clock is the test's.

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "auth/totp.h"
#include "privacy/security_log.h"
#include "storage/store.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class AccountSecurity : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    int64_t user_id(const std::string& name) {
        auto list = parse_body(server.as("beheerder", "GET", "/api/v1/users")).at("items").as_array();
        for (const auto& u : list)
            if (u.at("name").as_string() == name) return u.at("id").as_int64();
        ADD_FAILURE() << "no user " << name;
        return 0;
    }

    HttpResponse change(const ApiServer::Session& session, const std::string& current, const std::string& next) {
        return server.send("POST", "/api/v1/sessions/current/password",
                           json::serialize(json::object{{"current_password", current}, {"new_password", next}}),
                           ApiServer::with(session));
    }

    HttpResponse code(const ApiServer::Session& session, const std::string& digits) {
        return server.send("POST", "/api/v1/sessions/current/second-factor",
                           json::serialize(json::object{{"code", digits}}), ApiServer::with(session));
    }

    // The password step alone, as a session.
    ApiServer::Session half(const std::string& user, const std::string& password = std::string(kTestPassword)) {
        auto response = server.sign_in_password(user, password);
        EXPECT_EQ(response.status, 201u) << response.body;
        ApiServer::Session s;
        if (response.status != 201) return s;
        s.cookie = cookie_of(response);
        s.who = parse_body(response).as_object();
        s.csrf = std::string(s.who.at("csrf_token").as_string());
        return s;
    }

    static std::string pending(const ApiServer::Session& s) {
        const auto& p = s.who.at("pending");
        return p.is_string() ? std::string(p.as_string()) : std::string();
    }

    int get(const ApiServer::Session& s, const std::string& target) {
        return static_cast<int>(server.send("GET", target, {}, {{"Cookie", s.cookie}}).status);
    }

    // The security log's user_changed events' details for a target.
    std::vector<std::string> changes_of(const std::string& target) {
        std::vector<std::string> out;
        auto r = server.as("fg", "GET", "/api/v1/security-log?event=user_changed&target=" + target);
        EXPECT_EQ(r.status, 200) << r.body;
        const auto body = parse_body(r);
        for (const auto& e : body.at("items").as_array())
            out.push_back(std::string(e.at("result").as_string()) + ":" + std::string(e.at("detail").as_string()));
        return out;
    }

    ApiServer server;
};

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(Totp, TheRfc6238VectorsAndTheWindow) {
    const std::string secret = "12345678901234567890";  // RFC 6238 appendix B, SHA-1
    EXPECT_EQ(auth::totp::code_at(secret, 59), "287082");
    EXPECT_EQ(auth::totp::code_at(secret, 1111111109), "081804");
    EXPECT_EQ(auth::totp::code_at(secret, 2000000000), "279037");
    const int64_t now = 1111111109;
    const int64_t step = now / 30;
    EXPECT_EQ(auth::totp::matching_step(secret, auth::totp::code_at(secret, now), now), step);
    EXPECT_EQ(auth::totp::matching_step(secret, auth::totp::code_at(secret, now - 30), now), step - 1);
    EXPECT_EQ(auth::totp::matching_step(secret, auth::totp::code_at(secret, now + 30), now), step + 1);
    EXPECT_FALSE(auth::totp::matching_step(secret, auth::totp::code_at(secret, now - 60), now));
    EXPECT_FALSE(auth::totp::matching_step(secret, auth::totp::code_at(secret, now + 60), now));
    EXPECT_FALSE(auth::totp::matching_step(secret, "28708", now));
    EXPECT_FALSE(auth::totp::matching_step(secret, "28708a", now));
    EXPECT_EQ(auth::totp::base32(secret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(*auth::totp::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), secret);
    const auto uri = auth::totp::otpauth_uri("Grip", "balie", secret);
    EXPECT_EQ(uri,
              "otpauth://totp/Grip:balie?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Grip&algorithm=SHA1&digits=6"
              "&period=30");
    const auto qr = auth::totp::qr_modules(uri);
    ASSERT_TRUE(qr);
    ASSERT_GE(qr->size(), 21u);
    for (const auto& row : *qr) EXPECT_EQ(row.size(), qr->size());
    EXPECT_EQ(qr->front().substr(0, 7), "1111111") << "a finder pattern in the corner";
}

TEST_F(AccountSecurity, ChangingOnesOwnPasswordEndsTheOtherSessions) {
    auto here = server.sign_in("adviseur");
    auto elsewhere = server.sign_in("adviseur");
    ASSERT_EQ(pending(here), "") << "a role without personal data needs no second factor";
    EXPECT_EQ(change(here, "not the password", "een heel nieuw wachtwoord").status, 400u);
    EXPECT_EQ(change(here, std::string(kTestPassword), "te kort").status, 400u) << "at least 12 characters";
    EXPECT_EQ(change(here, std::string(kTestPassword), std::string(kTestPassword)).status, 400u);
    EXPECT_EQ(get(elsewhere, "/api/v1/sessions/current"), 200);
    const auto changed = change(here, std::string(kTestPassword), "een heel nieuw wachtwoord");
    ASSERT_EQ(changed.status, 200u) << changed.body;
    EXPECT_EQ(get(here, "/api/v1/sessions/current"), 200) << "the session that changed it goes on";
    EXPECT_EQ(get(elsewhere, "/api/v1/sessions/current"), 401) << "every other session ends";
    EXPECT_EQ(server.sign_in_password("adviseur", std::string(kTestPassword)).status, 401u);
    EXPECT_EQ(server.sign_in_password("adviseur", "een heel nieuw wachtwoord").status, 201u);
    const auto log = changes_of("adviseur");
    EXPECT_TRUE(has(log, "ok:password changed"));
    EXPECT_TRUE(has(log, "failed:password changed"));
    // The passwords are in no log.
    EXPECT_EQ(server.as("fg", "GET", "/api/v1/security-log").body.find("nieuw wachtwoord"), std::string::npos);
}

TEST_F(AccountSecurity, AResetByBeheerForcesAChangeBeforeAnythingElse) {
    auto before = server.sign_in("adviseur");
    const auto reset =
        server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/password-reset", user_id("adviseur")));
    ASSERT_EQ(reset.status, 200u) << reset.body;
    const std::string once(parse_body(reset).at("password").as_string());
    EXPECT_GE(once.size(), 12u);
    EXPECT_EQ(get(before, "/api/v1/sessions/current"), 401) << "the user's sessions end";
    EXPECT_EQ(server.sign_in_password("adviseur", std::string(kTestPassword)).status, 401u);
    auto forced = half("adviseur", once);
    ASSERT_EQ(pending(forced), "password_change");
    const auto refused = server.send("GET", "/api/v1/indicators?year=2024", {}, {{"Cookie", forced.cookie}});
    EXPECT_EQ(refused.status, 403u);
    EXPECT_NE(refused.body.find("finish signing in first (password_change)"), std::string::npos) << refused.body;
    EXPECT_EQ(get(forced, "/api/v1/sessions/current"), 200) << "who am I answers, so the interface shows the form";
    const auto changed = change(forced, once, "mijn eigen nieuwe wachtwoord");
    ASSERT_EQ(changed.status, 200u) << changed.body;
    EXPECT_TRUE(parse_body(changed).at("pending").is_null());
    EXPECT_NE(get(forced, "/api/v1/indicators?year=2024"), 403);
    EXPECT_EQ(server.sign_in_password("adviseur", once).status, 401u) << "the one-time password works once";
    EXPECT_TRUE(
        parse_body(server.sign_in_password("adviseur", "mijn eigen nieuwe wachtwoord")).at("pending").is_null());
    const auto log = changes_of("adviseur");
    EXPECT_TRUE(has(log, "ok:password reset"));
    EXPECT_TRUE(has(log, "ok:password changed"));
    EXPECT_EQ(server.as("fg", "GET", "/api/v1/security-log").body.find(once), std::string::npos);
    // Only beheer resets.
    EXPECT_EQ(server.as("adviseur", "POST", fmt::format("/api/v1/users/{}/password-reset", user_id("balie"))).status,
              403u);
}

TEST_F(AccountSecurity, ARoleWithPersonalDataEnrolsAndThenGivesACodeAtEverySignIn) {
    auto first = half("balie");
    ASSERT_EQ(pending(first), "second_factor_enrolment");
    EXPECT_EQ(get(first, "/api/v1/records/person/P-1"), 403) << "nothing before the second factor";
    const auto enrolment =
        server.send("POST", "/api/v1/sessions/current/second-factor/enrolment", {}, ApiServer::with(first, false));
    ASSERT_EQ(enrolment.status, 201u) << enrolment.body;
    const auto e = parse_body(enrolment).as_object();
    const std::string base32(e.at("secret").as_string());
    const std::string uri(e.at("uri").as_string());
    EXPECT_EQ(uri.rfind("otpauth://totp/Grip:balie?secret=" + base32, 0), 0u) << uri;
    EXPECT_NE(uri.find("algorithm=SHA1&digits=6&period=30"), std::string::npos);
    EXPECT_GE(e.at("qr").as_array().size(), 21u);
    const std::string secret = totp_secret_of(base32);
    EXPECT_EQ(secret.size(), 20u);
    const int64_t now = server.clock().now();
    const std::string right = totp_code(secret, now);
    const std::string wrong = right == "000000" ? "000001" : "000000";
    EXPECT_EQ(code(first, wrong).status, 400u) << "a wrong code does not confirm";
    const auto confirmed = code(first, right);
    ASSERT_EQ(confirmed.status, 200u) << confirmed.body;
    auto full = ApiServer::Session{cookie_of(confirmed), "", parse_body(confirmed).as_object()};
    EXPECT_NE(full.cookie, first.cookie) << "a new session once signed in";
    EXPECT_TRUE(full.who.at("pending").is_null());
    EXPECT_EQ(get(first, "/api/v1/sessions/current"), 401) << "the half session is gone";
    EXPECT_NE(get(full, "/api/v1/records/person/P-1"), 403);

    // The next sign-in asks for the code, and enrols nothing.
    server.clock().advance(30);
    auto next = half("balie");
    ASSERT_EQ(pending(next), "second_factor");
    EXPECT_EQ(server.send("POST", "/api/v1/sessions/current/second-factor/enrolment", {}, ApiServer::with(next, false))
                  .status,
              409u);
    EXPECT_EQ(code(next, wrong).status, 400u);
    EXPECT_EQ(code(next, totp_code(secret, server.clock().now())).status, 200u);
    // A role without personal data has no second step.
    EXPECT_EQ(pending(half("adviseur")), "");
    // The secret is sealed in the store, and in no log.
    const std::string log = server.as("fg", "GET", "/api/v1/security-log").body;
    EXPECT_EQ(log.find(base32), std::string::npos);
    auto store = storage::open_store(server.db(), "GM0599");
    ASSERT_TRUE(store);
    const std::string contents = store_contents(**store);
    EXPECT_EQ(contents.find(base32), std::string::npos);
    EXPECT_EQ(contents.find(secret), std::string::npos);
}

TEST_F(AccountSecurity, ACodeCountsOnce) {
    server.sign_in("balie");  // enrols
    const std::string secret = server.totp_secret("balie");
    ASSERT_FALSE(secret.empty());
    server.clock().advance(90);
    auto one = half("balie");
    const std::string now_code = totp_code(secret, server.clock().now());
    ASSERT_EQ(code(one, now_code).status, 200u);
    auto two = half("balie");
    EXPECT_EQ(code(two, now_code).status, 400u) << "the same code again (a replay in its window)";
    EXPECT_EQ(code(two, totp_code(secret, server.clock().now() - 30)).status, 400u)
        << "a code of a step before the one used";
    EXPECT_EQ(code(two, totp_code(secret, server.clock().now() + 30)).status, 200u) << "the next step's code is new";
}

TEST_F(AccountSecurity, WrongCodesAreThrottledAndAPasswordDoesNotClearThem) {
    server.sign_in("balie");
    const std::string secret = server.totp_secret("balie");
    server.clock().advance(90);
    auto s = half("balie");
    const auto wrong = [&] {
        const std::string right = totp_code(secret, server.clock().now());
        return right == "123456" ? std::string("654321") : std::string("123456");
    };
    for (int i = 0; i < 5; ++i) ASSERT_EQ(code(s, wrong()).status, 400u) << i;
    const auto held = code(s, totp_code(secret, server.clock().now()));
    ASSERT_EQ(held.status, 429u) << "even the right code waits";
    EXPECT_EQ(held.header("Retry-After"), "4");
    EXPECT_EQ(server.sign_in_password("balie", std::string(kTestPassword)).status, 429u)
        << "signing in again with the password does not start the count anew";
    server.clock().advance(4);
    EXPECT_EQ(code(s, wrong()).status, 400u);
    EXPECT_EQ(code(s, totp_code(secret, server.clock().now())).status, 429u);
    EXPECT_EQ(code(s, totp_code(secret, server.clock().now())).header("Retry-After"), "8");
    server.clock().advance(8);
    EXPECT_EQ(code(s, totp_code(secret, server.clock().now())).status, 200u) << "no lockout";
    auto r = server.as("fg", "GET", "/api/v1/security-log?event=sign_in&target=balie&result=throttled");
    ASSERT_EQ(r.status, 200u);
    EXPECT_FALSE(parse_body(r).at("items").as_array().empty());
}

TEST_F(AccountSecurity, BeheerResetsTheSecondFactorAndTheNextSignInEnrolsAgain) {
    auto before = server.sign_in("balie");
    const std::string old_secret = server.totp_secret("balie");
    const auto reset =
        server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/second-factor-reset", user_id("balie")));
    ASSERT_EQ(reset.status, 200u) << reset.body;
    EXPECT_EQ(get(before, "/api/v1/sessions/current"), 401) << "the user's sessions end";
    server.clock().advance(60);
    auto again = half("balie");
    ASSERT_EQ(pending(again), "second_factor_enrolment");
    EXPECT_EQ(code(again, totp_code(old_secret, server.clock().now())).status, 409u)
        << "the old secret is gone: nothing to check a code against before a new enrolment";
    auto renewed = server.sign_in("balie");
    EXPECT_TRUE(renewed.who.at("pending").is_null());
    EXPECT_NE(server.totp_secret("balie"), old_secret);
    EXPECT_TRUE(has(changes_of("balie"), "ok:second factor reset"));
}

TEST_F(AccountSecurity, BeheerCannotResetBothFactorsOfARoleWithPersonalData) {
    server.sign_in("balie");
    const int64_t id = user_id("balie");
    ASSERT_EQ(server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/second-factor-reset", id)).status, 200u);
    const auto refused = server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/password-reset", id));
    EXPECT_EQ(refused.status, 409u) << "with both, beheer could sign in as the user";
    EXPECT_TRUE(has(changes_of("balie"), "denied:password reset"));
    // A role beheer gives itself is beheer's to reset.
    const int64_t adviseur = user_id("adviseur");
    EXPECT_EQ(server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/password-reset", adviseur)).status, 200u);
    EXPECT_EQ(server.as("beheerder", "POST", fmt::format("/api/v1/users/{}/second-factor-reset", adviseur)).status,
              200u);
}

TEST(AccountSecurityCli, TheOperatorResetsAPasswordAndASecondFactor) {
    TempDir dir;
    auto add = run_grip(dir.path(), "user add alice --role infopunt --password-stdin", "correct horse battery\n");
    ASSERT_EQ(add.code, 0) << add.err;
    auto reset = run_grip(dir.path(), "user reset-password alice");
    ASSERT_EQ(reset.code, 0) << reset.err;
    const auto colon = reset.out.rfind(": ");
    ASSERT_NE(colon, std::string::npos) << reset.out;
    std::string once = reset.out.substr(colon + 2);
    while (!once.empty() && (once.back() == '\n' || once.back() == '\r')) once.pop_back();
    EXPECT_GE(once.size(), 12u);
    auto second = run_grip(dir.path(), "user reset-second-factor alice");
    EXPECT_EQ(second.code, 0) << second.err;
    EXPECT_NE(run_grip(dir.path(), "user reset-password nobody").code, 0);
    // Both are in the security log, without the password.
    std::ifstream in(privacy::security_log_file_for(default_log_file(dir.path())), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("password reset"), std::string::npos);
    EXPECT_NE(text.str().find("second factor reset"), std::string::npos);
    EXPECT_EQ(text.str().find(once), std::string::npos);
}

}  // namespace
}  // namespace grip::testing
