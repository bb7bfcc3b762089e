// Accounts, sign-in, sessions, API tokens and the roles table, with a manual
// clock: expiry and throttling are tested by moving time, not by waiting.

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "auth/accounts.h"
#include "test_support.h"

namespace grip::testing {
namespace {

using auth::Accounts;
using auth::Actor;
using auth::Role;
using auth::RoleTable;
using auth::SignInResult;
using auth::SignInThrottle;
using records::Kind;

const std::string kPassword = "correct horse battery";

std::filesystem::path shipped_roles_file() { return std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "roles.json"; }

const RoleTable& shipped_roles() {
    static const RoleTable table = [] {
        auto loaded = RoleTable::load(shipped_roles_file());
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return std::move(loaded).value();
    }();
    return table;
}

// ---- The roles table ----

TEST(AuthRoles, TheShippedTableFollowsTheSpec) {
    const auto& t = shipped_roles();
    ASSERT_EQ(t.roles().size(), 8u);
    for (const char* name :
         {"infopunt", "handhaving", "ketenpartner", "beleid", "beheer", "regio", "privacy", "publiek"}) {
        const Role* r = t.find(name);
        ASSERT_NE(r, nullptr) << name;
        EXPECT_FALSE(r->label.empty()) << name;
        EXPECT_FALSE(r->description.empty()) << name;
    }
    EXPECT_EQ(t.find("root"), nullptr);
    // The public role: the published figures only, through the disclosure rule.
    const Role& publiek = *t.find("publiek");
    EXPECT_TRUE(publiek.public_figures);
    EXPECT_FALSE(publiek.personal_data);
    EXPECT_TRUE(publiek.may("indicators.read"));
    EXPECT_FALSE(publiek.may("reports.read"));
    EXPECT_FALSE(publiek.may("indicators.region"));
    for (const auto& role : t.roles()) {
        EXPECT_EQ(role.public_figures, role.name == "publiek") << role.name;
    }

    const Role& infopunt = *t.find("infopunt");
    EXPECT_EQ(infopunt.scope, Role::Scope::Own);
    EXPECT_TRUE(infopunt.personal_data);
    EXPECT_TRUE(infopunt.can_read(Kind::Person));
    EXPECT_FALSE(infopunt.can_read(Kind::Address));
    EXPECT_TRUE(infopunt.can_write(Kind::Activity));
    EXPECT_FALSE(infopunt.can_write(Kind::Location));
    EXPECT_TRUE(infopunt.may("indicators.read"));
    EXPECT_FALSE(infopunt.may("deliveries.write"));

    const Role& handhaving = *t.find("handhaving");
    EXPECT_TRUE(handhaving.can_write(Kind::Address));
    EXPECT_FALSE(handhaving.can_read(Kind::Aggregate));

    const Role& keten = *t.find("ketenpartner");
    EXPECT_TRUE(keten.can_write(Kind::Aggregate));
    EXPECT_TRUE(keten.may("deliveries.write"));
    EXPECT_FALSE(keten.may("indicators.read"));

    // The regional role: figures of the sharing municipalities, no records.
    const Role& regio = *t.find("regio");
    EXPECT_FALSE(regio.personal_data);
    for (Kind k : records::kAllKinds) EXPECT_FALSE(regio.can_read(k)) << records::kind_name(k);
    EXPECT_TRUE(regio.may("indicators.region"));
    EXPECT_FALSE(regio.may("indicators.read"));

    const Role& beleid = *t.find("beleid");
    EXPECT_EQ(beleid.scope, Role::Scope::All);
    EXPECT_FALSE(beleid.personal_data);
    for (Kind k : records::kAllKinds) EXPECT_TRUE(beleid.can_read(k)) << records::kind_name(k);
    EXPECT_TRUE(beleid.can_write(Kind::Motion));
    EXPECT_FALSE(beleid.can_write(Kind::Activity));
    EXPECT_TRUE(beleid.may("reports.edit"));

    const Role& beheer = *t.find("beheer");
    EXPECT_FALSE(beheer.personal_data);
    EXPECT_FALSE(beheer.can_read(Kind::Person));
    EXPECT_TRUE(beheer.can_write(Kind::Organisation));
    EXPECT_TRUE(beheer.may("users.manage"));
    EXPECT_TRUE(beheer.may("tokens.manage"));

    const Role& privacy = *t.find("privacy");
    for (Kind k : records::kAllKinds) EXPECT_FALSE(privacy.can_read(k)) << records::kind_name(k);
    EXPECT_FALSE(privacy.personal_data);
    EXPECT_TRUE(privacy.may("log.read"));
    EXPECT_EQ(privacy.permissions.size(), 3u);
    EXPECT_TRUE(privacy.may("security_log.read"));
    EXPECT_TRUE(privacy.may("access_request.export"));
}

TEST(AuthRoles, TheDefaultFileIsBesideTheCatalogue) {
    EXPECT_EQ(auth::default_roles_file().filename(), "roles.json");
    EXPECT_EQ(auth::default_roles_file().parent_path(), catalogue::default_catalogue_file().parent_path());
}

TEST(AuthRoles, EveryProblemIsNamedWithItsPath) {
    const auto t = RoleTable::parse(R"({
      "format": "grip-roles/1",
      "colour": "blue",
      "roles": {
        "balie": {"label": "Balie", "scope": "mine", "personal_data": true,
                  "read": ["person", "persoon"], "write": ["person", "address"], "may": ["indicators.read", "fly"]},
        "Kapot": {"scope": "all", "personal_data": "yes", "read": [], "write": [], "shoe": 1}
      }
    })");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::Invalid);
    const std::string& m = t.error().message;
    for (const char* line :
         {"colour: unknown field", "roles.balie.scope: unknown scope 'mine' (all or own)",
          "roles.balie.read[1]: unknown record kind 'persoon'",
          "roles.balie.write: writes address but does not read it", "roles.balie.may[1]: unknown permission 'fly'",
          "roles.Kapot: a role's name is lower case", "roles.Kapot.label: required",
          "roles.Kapot.personal_data: must be true or false", "roles.Kapot.shoe: unknown field"})
        EXPECT_NE(m.find(line), std::string::npos) << "missing: " << line << "\nin:\n" << m;
    EXPECT_NE(m.find("9 problem(s)"), std::string::npos) << m;
}

TEST(AuthRoles, TheFormatAndTheRolesAreRequired) {
    const auto t = RoleTable::parse(R"({"format": "grip-roles/2"})");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find("format: must be grip-roles/1"), std::string::npos) << t.error().message;
    EXPECT_NE(t.error().message.find("roles: required"), std::string::npos) << t.error().message;
    const auto not_json = RoleTable::parse("{\"format\": ");
    ASSERT_FALSE(not_json.ok());
    EXPECT_NE(not_json.error().message.find("not valid JSON"), std::string::npos);
}

TEST(AuthRoles, LoadNamesTheFileOnEveryLine) {
    TempDir dir;
    const auto file = dir / "roles.json";
    std::ofstream(file) << R"({"format": "grip-roles/1", "roles": {"x": {"label": "X", "scope": "own",
        "personal_data": false, "read": ["area"], "write": [], "may": ["catalogue.write"]}}})";
    const auto t = RoleTable::load(file);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find(file.string() + ": roles.x.may[0]: unknown permission 'catalogue.write'"),
              std::string::npos)
        << t.error().message;
    const auto missing = RoleTable::load(dir / "none.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

// ---- Secrets ----

TEST(AuthSecrets, PasswordsAreHashedWithArgon2idAndSalted) {
    const auto a = auth::hash_password(kPassword);
    const auto b = auth::hash_password(kPassword);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(a->starts_with("$argon2id$")) << *a;
    EXPECT_NE(a->find("m=65536,t=2"), std::string::npos) << "not the interactive cost: " << *a;
    EXPECT_NE(*a, *b) << "no salt";
    EXPECT_TRUE(auth::verify_password(*a, kPassword));
    EXPECT_TRUE(auth::verify_password(*b, kPassword));
    EXPECT_FALSE(auth::verify_password(*a, kPassword + " "));
    EXPECT_FALSE(auth::verify_password(*a, ""));
    EXPECT_FALSE(auth::verify_password("not a hash", kPassword));
    EXPECT_FALSE(auth::needs_rehash(*a, auth::PasswordCost::Interactive));
    EXPECT_TRUE(auth::needs_rehash(*a, auth::PasswordCost::Minimum));
}

TEST(AuthSecrets, TokensAreLongRandomAndUrlSafe) {
    const std::string a = auth::random_token();
    const std::string b = auth::random_token();
    EXPECT_EQ(a.size(), 43u);  // 256 bits
    EXPECT_NE(a, b);
    for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << a;
    const std::string h = auth::token_hash(a);
    EXPECT_EQ(h.size(), 64u);
    EXPECT_EQ(h, auth::token_hash(a));
    EXPECT_NE(h, auth::token_hash(b));
    EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(AuthSecrets, EqualSecrets) {
    EXPECT_TRUE(auth::equal_secrets("abc", "abc"));
    EXPECT_FALSE(auth::equal_secrets("abc", "abd"));
    EXPECT_FALSE(auth::equal_secrets("abc", "abcd"));
    EXPECT_TRUE(auth::equal_secrets("", ""));
}

// ---- Accounts ----

class AuthAccounts : public ::testing::Test {
protected:
    AuthAccounts() {
        auto s = storage::open_store(store_location(dir_.path(), "auth.db"), "GM0599");
        if (!s) throw std::runtime_error(s.error().message);
        store_ = std::move(*s);
        accounts_ = std::make_unique<Accounts>(*store_, shipped_roles(), clock_, auth::PasswordCost::Minimum);
    }
    // The store's bytes on disk with its write-ahead log (SQLite), or every
    // value in its tables (PostgreSQL, whose files are the server's).
    std::string disk_bytes() const {
        if (on_postgres()) return store_contents(*store_);
        return read_file(dir_ / "auth.db") + read_file(dir_ / "auth.db-wal");
    }

    int64_t add_alice() {
        auto id = accounts_->add_user("alice", "infopunt", "ORG-1", {"LOC-1", "LOC-2"}, kPassword);
        if (!id) throw std::runtime_error(id.error().message);
        return *id;
    }
    auth::SignIn sign_in(std::string_view name, std::string_view password, std::string_view address = "192.0.2.1") {
        auto r = accounts_->sign_in(name, password, throttle_, address);
        if (!r) throw std::runtime_error(r.error().message);
        return std::move(r).value();
    }
    std::optional<Actor> session(std::string_view token) {
        auto r = accounts_->session(token);
        if (!r) throw std::runtime_error(r.error().message);
        return std::move(r).value();
    }
    // A partner system's account: API tokens, no password.
    int64_t add_system() {
        auto id = accounts_->add_user("koppeling", "infopunt", "ORG-1", {"LOC-1"}, "", storage::UserKind::System);
        if (!id) throw std::runtime_error(id.error().message);
        return *id;
    }
    std::optional<Actor> bearer(std::string_view token) {
        auto r = accounts_->bearer(token);
        if (!r) throw std::runtime_error(r.error().message);
        return std::move(r).value();
    }

    TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    grip::ManualClock clock_;
    auth::SignInThrottle throttle_;
    std::unique_ptr<Accounts> accounts_;
};

TEST_F(AuthAccounts, AddUserChecksNameRoleAndPassword) {
    auto bad = [&](std::string_view name, std::string_view role, std::string_view password) {
        auto r = accounts_->add_user(name, role, "", {}, password);
        return r.ok() ? std::optional<ErrorCode>() : r.error().code;
    };
    EXPECT_EQ(bad("bob", "superuser", kPassword), ErrorCode::Invalid);
    EXPECT_EQ(bad("bob", "infopunt", "elevenchars"), ErrorCode::Invalid);
    EXPECT_EQ(bad("bob", "infopunt", ""), ErrorCode::Invalid);
    EXPECT_EQ(bad("bob", "infopunt", "ééééééééééé"), ErrorCode::Invalid) << "11 characters in 22 bytes";
    EXPECT_EQ(bad("bob", "infopunt", std::string(1025, 'x')), ErrorCode::Invalid);
    EXPECT_EQ(bad("", "infopunt", kPassword), ErrorCode::Invalid);
    EXPECT_EQ(bad("bob smith", "infopunt", kPassword), ErrorCode::Invalid);
    EXPECT_EQ(bad("bob/x", "infopunt", kPassword), ErrorCode::Invalid);
    EXPECT_EQ(bad(std::string(65, 'b'), "infopunt", kPassword), ErrorCode::Invalid);
    EXPECT_EQ(bad(std::string(64, 'b'), "infopunt", kPassword), std::nullopt);
    EXPECT_EQ(bad("bob.de-vries_2", "beleid", "twelve chars"), std::nullopt);
    EXPECT_EQ(bad("bob.de-vries_2", "beleid", kPassword), ErrorCode::Conflict);
    EXPECT_EQ(bad("BOB.de-Vries_2", "beleid", kPassword), ErrorCode::Conflict) << "names compare without case";
    auto users = accounts_->users();
    ASSERT_TRUE(users.ok());
    EXPECT_EQ(users->size(), 2u);
}

TEST_F(AuthAccounts, TheStoreKeepsAUserWithLocations) {
    const int64_t id = add_alice();
    auto row = store_->user_by_id(id);
    ASSERT_TRUE(row.ok() && row->has_value());
    const auto& u = **row;
    EXPECT_EQ(u.name, "alice");
    EXPECT_EQ(u.role, "infopunt");
    EXPECT_EQ(u.organisation, "ORG-1");
    EXPECT_EQ(u.locations, (std::vector<std::string>{"LOC-1", "LOC-2"}));
    EXPECT_TRUE(u.password_hash.starts_with("$argon2id$"));
    EXPECT_FALSE(u.disabled);
    EXPECT_EQ(u.created_at, clock_.now());
    auto by_name = store_->user_by_name("ALICE");
    ASSERT_TRUE(by_name.ok() && by_name->has_value());
    EXPECT_EQ((*by_name)->id, id);
    EXPECT_EQ(disk_bytes().find(kPassword), std::string::npos) << "the plain password is in the store";
}

TEST_F(AuthAccounts, SignInStartsASession) {
    const int64_t id = add_alice();
    const auto s = sign_in("alice", kPassword);
    ASSERT_EQ(s.result, SignInResult::Ok);
    EXPECT_EQ(s.session_token.size(), 43u);
    EXPECT_EQ(s.csrf_token.size(), 43u);
    ASSERT_TRUE(s.actor);
    EXPECT_EQ(s.actor->user, id);
    EXPECT_EQ(s.actor->role, shipped_roles().find("infopunt"));
    EXPECT_EQ(s.actor->organisation, "ORG-1");
    EXPECT_EQ(s.actor->locations, (std::vector<std::string>{"LOC-1", "LOC-2"}));

    const auto actor = session(s.session_token);
    ASSERT_TRUE(actor);
    EXPECT_EQ(actor->name, "alice");
    EXPECT_EQ(actor->via, Actor::Via::Session);
    EXPECT_EQ(actor->session, s.actor->session);
    EXPECT_TRUE(auth::csrf_matches(*actor, s.csrf_token));
    EXPECT_FALSE(auth::csrf_matches(*actor, auth::random_token()));
    EXPECT_FALSE(auth::csrf_matches(*actor, ""));

    const auto again = sign_in("Alice", kPassword);
    ASSERT_EQ(again.result, SignInResult::Ok);
    EXPECT_NE(again.session_token, s.session_token) << "a new session at every sign-in";
    EXPECT_FALSE(session(auth::random_token()));
    EXPECT_FALSE(session(""));
}

TEST_F(AuthAccounts, WrongUnknownAndDisabledAreTheSameAnswer) {
    add_alice();
    for (auto [name, password] : {std::pair<std::string, std::string>{"alice", "wrong password!"},
                                  {"nobody", kPassword},
                                  {"alice", ""},
                                  {"not a name", kPassword}}) {
        const auto s = sign_in(name, password);
        EXPECT_EQ(s.result, SignInResult::WrongCredentials) << name;
        EXPECT_TRUE(s.session_token.empty());
        EXPECT_FALSE(s.actor);
    }
    ASSERT_TRUE(accounts_->disable_user("alice").ok());
    const auto disabled = sign_in("alice", kPassword);
    EXPECT_EQ(disabled.result, SignInResult::WrongCredentials);
    EXPECT_TRUE(disabled.session_token.empty());
    EXPECT_EQ(accounts_->disable_user("nobody").error().code, ErrorCode::NotFound);
}

TEST_F(AuthAccounts, FailuresFromOneAddressWaitLongerAndLongerWithoutLockingTheAccount) {
    add_alice();
    for (int i = 0; i < SignInThrottle::kFreePerAccountAndAddress; ++i)
        ASSERT_EQ(sign_in("alice", "wrong password!").result, SignInResult::WrongCredentials) << i;
    // From now on each failure doubles the wait before the next attempt is
    // checked; even the right password waits.
    int64_t expected = SignInThrottle::kFirstDelay;
    for (int i = 0; i < 12; ++i) {
        const auto held = sign_in("alice", kPassword);
        ASSERT_EQ(held.result, SignInResult::Throttled) << i;
        EXPECT_EQ(held.retry_after, expected) << i;
        clock_.advance(held.retry_after);
        ASSERT_EQ(sign_in("alice", "wrong password!").result, SignInResult::WrongCredentials) << i;
        expected = std::min(expected * 2, SignInThrottle::kMaxDelay);
    }
    EXPECT_EQ(sign_in("alice", kPassword).retry_after, SignInThrottle::kMaxDelay) << "the wait has a ceiling";
    // Another address is not held back: the user signs in as usual.
    EXPECT_EQ(sign_in("alice", kPassword, "198.51.100.7").result, SignInResult::Ok);
    // Once the wait is over, the right password works from the guessing address too.
    clock_.advance(SignInThrottle::kMaxDelay);
    EXPECT_EQ(sign_in("alice", kPassword).result, SignInResult::Ok);
}

TEST_F(AuthAccounts, AnAddressTryingManyNamesIsHeldBackForAll) {
    add_alice();
    for (int i = 0; i < SignInThrottle::kFreePerAddress; ++i)
        ASSERT_EQ(sign_in("user" + std::to_string(i), "wrong password!").result, SignInResult::WrongCredentials) << i;
    const auto held = sign_in("alice", kPassword);
    EXPECT_EQ(held.result, SignInResult::Throttled);
    EXPECT_EQ(held.retry_after, SignInThrottle::kFirstDelay);
    EXPECT_EQ(sign_in("alice", kPassword, "198.51.100.7").result, SignInResult::Ok);
}

TEST_F(AuthAccounts, AHundredFailuresAnHourHoldBackOnlyTheAddressesThatFailed) {
    add_alice();
    // 25 addresses, 4 failures each (within their free ones): 100 in the hour.
    for (int a = 0; a < 25; ++a)
        for (int i = 0; i < 4; ++i)
            ASSERT_EQ(sign_in("alice", "wrong password!", "203.0.113." + std::to_string(a)).result,
                      SignInResult::WrongCredentials);
    const auto held = sign_in("alice", kPassword, "203.0.113.3");
    EXPECT_EQ(held.result, SignInResult::Throttled) << "no more than 100 failures an hour on an account";
    EXPECT_EQ(held.retry_after, 3600);
    EXPECT_EQ(sign_in("alice", kPassword, "198.51.100.7").result, SignInResult::Ok)
        << "an address that has not failed for the account may still try";
}

TEST_F(AuthAccounts, UnknownNamesAreThrottledLikeKnownOnes) {
    for (int i = 0; i < SignInThrottle::kFreePerAccountAndAddress; ++i)
        ASSERT_EQ(sign_in("nobody", "wrong password!").result, SignInResult::WrongCredentials);
    EXPECT_EQ(sign_in("nobody", kPassword).result, SignInResult::Throttled);
    EXPECT_EQ(sign_in("NoBody", kPassword).result, SignInResult::Throttled);
    EXPECT_EQ(sign_in("somebody", kPassword).result, SignInResult::WrongCredentials);
    // The server makes an Accounts per request: the throttle holds across them.
    Accounts another(*store_, shipped_roles(), clock_, auth::PasswordCost::Minimum);
    auto again = another.sign_in("nobody", kPassword, throttle_, "192.0.2.1");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->result, SignInResult::Throttled);
}

TEST_F(AuthAccounts, ASessionEndsAfterThirtyIdleMinutes) {
    add_alice();
    const int64_t start = clock_.now();
    const auto s = sign_in("alice", kPassword);
    clock_.set(start + Accounts::kIdleSeconds - 1);
    EXPECT_TRUE(session(s.session_token));
    // That request counted: another 30 minutes less a second from it.
    clock_.advance(Accounts::kIdleSeconds - 1);
    EXPECT_TRUE(session(s.session_token));
    clock_.advance(Accounts::kIdleSeconds);
    EXPECT_FALSE(session(s.session_token));
    // Expired sessions are deleted, not merely refused.
    clock_.set(start + 10);
    EXPECT_FALSE(session(s.session_token));
    auto row = store_->session_by_hash(auth::token_hash(s.session_token));
    ASSERT_TRUE(row.ok());
    EXPECT_FALSE(row->has_value());
}

TEST_F(AuthAccounts, LastSeenIsWrittenAtMostOnceAMinute) {
    add_alice();
    const int64_t start = clock_.now();
    const auto s = sign_in("alice", kPassword);
    auto last_seen = [&] {
        auto row = store_->session_by_hash(auth::token_hash(s.session_token));
        return row.ok() && row->has_value() ? (*row)->last_seen : -1;
    };
    clock_.advance(59);
    EXPECT_TRUE(session(s.session_token));
    EXPECT_EQ(last_seen(), start);
    clock_.advance(1);
    EXPECT_TRUE(session(s.session_token));
    EXPECT_EQ(last_seen(), start + 60);
}

TEST_F(AuthAccounts, ASessionEndsAfterTwelveHoursHoweverActive) {
    add_alice();
    const int64_t start = clock_.now();
    const auto s = sign_in("alice", kPassword);
    for (int64_t t = start; t < start + Accounts::kAbsoluteSeconds; t += 20 * 60) {
        clock_.set(t);
        ASSERT_TRUE(session(s.session_token)) << (t - start);
    }
    clock_.set(start + Accounts::kAbsoluteSeconds - 1);
    EXPECT_TRUE(session(s.session_token));
    clock_.set(start + Accounts::kAbsoluteSeconds);
    EXPECT_FALSE(session(s.session_token));
}

TEST_F(AuthAccounts, SignOutEndsTheSessionOnTheServer) {
    add_alice();
    const auto a = sign_in("alice", kPassword);
    const auto b = sign_in("alice", kPassword);
    ASSERT_TRUE(accounts_->sign_out(a.actor->session).ok());
    EXPECT_FALSE(session(a.session_token));
    EXPECT_TRUE(session(b.session_token)) << "only that session ends";
}

TEST_F(AuthAccounts, ADisabledUsersSessionsAndTokensStopWorking) {
    add_alice();
    add_system();
    const auto s = sign_in("alice", kPassword);
    const auto t = accounts_->create_token("koppeling", "sync", 3600);
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE(session(s.session_token));
    ASSERT_TRUE(bearer(t->token));
    ASSERT_TRUE(accounts_->disable_user("alice").ok());
    ASSERT_TRUE(accounts_->disable_user("koppeling").ok());
    EXPECT_FALSE(session(s.session_token));
    EXPECT_FALSE(bearer(t->token));
    EXPECT_EQ(accounts_->create_token("koppeling", "more", 3600).error().code, ErrorCode::Conflict);
}

// Hole 3: a token lets its holder act as its user, so a person's account
// never gets one (an administrator could read as that person), and a
// system's account never signs in with a password.
TEST_F(AuthAccounts, TokensAreForSystemAccountsAndSystemsDoNotSignIn) {
    add_alice();
    const auto refused = accounts_->create_token("alice", "sync", 3600);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    EXPECT_NE(refused.error().message.find("system accounts only"), std::string::npos) << refused.error().message;

    add_system();
    const auto user = store_->user_by_name("koppeling");
    ASSERT_TRUE(user.ok() && user->has_value());
    EXPECT_EQ((*user)->kind, storage::UserKind::System);
    EXPECT_TRUE(accounts_->create_token("koppeling", "sync", 3600).ok());
    EXPECT_EQ(sign_in("koppeling", "").result, SignInResult::WrongCredentials);
    EXPECT_EQ(accounts_->add_user("systeem2", "beleid", "", {}, kPassword, storage::UserKind::System).error().code,
              ErrorCode::Invalid)
        << "a system account has no password";
}

TEST_F(AuthAccounts, ApiTokensExpireAndAreRevoked) {
    const int64_t id = add_system();
    const int64_t start = clock_.now();
    const auto t = accounts_->create_token("koppeling", "partner sync", 90 * 86400);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->expires_at, start + 90 * 86400);
    EXPECT_EQ(t->token.size(), 43u);

    const auto actor = bearer(t->token);
    ASSERT_TRUE(actor);
    EXPECT_EQ(actor->user, id);
    EXPECT_EQ(actor->via, Actor::Via::Token);
    EXPECT_EQ(actor->role, shipped_roles().find("infopunt"));
    EXPECT_FALSE(auth::csrf_matches(*actor, "")) << "a token has no CSRF token";
    EXPECT_FALSE(bearer(auth::random_token()));
    EXPECT_FALSE(bearer(""));
    EXPECT_FALSE(session(t->token)) << "an API token is not a session";

    clock_.set(t->expires_at - 1);
    EXPECT_TRUE(bearer(t->token));
    clock_.set(t->expires_at);
    EXPECT_FALSE(bearer(t->token));

    clock_.set(start);
    const auto u = accounts_->create_token("koppeling", "other", 3600);
    ASSERT_TRUE(u.ok());
    EXPECT_NE(u->id, t->id);
    ASSERT_TRUE(bearer(u->token));
    ASSERT_TRUE(accounts_->revoke_token(u->id).ok());
    EXPECT_FALSE(bearer(u->token));
    EXPECT_TRUE(bearer(t->token)) << "only the revoked token stops";
    EXPECT_EQ(accounts_->revoke_token(999).error().code, ErrorCode::NotFound);

    const auto list = accounts_->tokens();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].name, "partner sync");
    EXPECT_FALSE((*list)[0].revoked);
    EXPECT_TRUE((*list)[1].revoked);
    EXPECT_EQ((*list)[0].token_hash, auth::token_hash(t->token));
}

TEST_F(AuthAccounts, CreateTokenChecksUserAndLifetime) {
    add_system();
    EXPECT_EQ(accounts_->create_token("nobody", "x", 3600).error().code, ErrorCode::NotFound);
    EXPECT_EQ(accounts_->create_token("koppeling", "x", 0).error().code, ErrorCode::Invalid);
    EXPECT_EQ(accounts_->create_token("koppeling", "x", -5).error().code, ErrorCode::Invalid);
    EXPECT_EQ(accounts_->create_token("koppeling", "x", Accounts::kMaxTokenLifetime + 1).error().code,
              ErrorCode::Invalid);
    EXPECT_TRUE(accounts_->create_token("koppeling", "x", Accounts::kMaxTokenLifetime).ok());
}

TEST_F(AuthAccounts, OnlyHashesOfTokensAreStored) {
    add_alice();
    add_system();
    const auto s = sign_in("alice", kPassword);
    const auto t = accounts_->create_token("koppeling", "sync", 3600);
    ASSERT_TRUE(t.ok());
    const std::string bytes = disk_bytes();
    // The hashes are there (so the search looks in the right place) ...
    EXPECT_NE(bytes.find(auth::token_hash(s.session_token)), std::string::npos);
    EXPECT_NE(bytes.find(auth::token_hash(t->token)), std::string::npos);
    // ... the tokens and the password are not.
    EXPECT_EQ(bytes.find(s.session_token), std::string::npos);
    EXPECT_EQ(bytes.find(t->token), std::string::npos);
    EXPECT_EQ(bytes.find(kPassword), std::string::npos);
}

TEST_F(AuthAccounts, AStrongerCostRehashesThePasswordAtSignIn) {
    add_alice();
    const auto before = store_->user_by_name("alice");
    ASSERT_TRUE(before.ok() && before->has_value());
    EXPECT_TRUE(auth::needs_rehash((*before)->password_hash, auth::PasswordCost::Interactive));
    Accounts interactive(*store_, shipped_roles(), clock_, auth::PasswordCost::Interactive);
    auto s = interactive.sign_in("alice", kPassword, throttle_, "192.0.2.1");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->result, SignInResult::Ok);
    const auto after = store_->user_by_name("alice");
    ASSERT_TRUE(after.ok() && after->has_value());
    EXPECT_FALSE(auth::needs_rehash((*after)->password_hash, auth::PasswordCost::Interactive));
    EXPECT_TRUE(auth::verify_password((*after)->password_hash, kPassword));
}

}  // namespace
}  // namespace grip::testing
