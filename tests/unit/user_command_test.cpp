// grip user and grip token as an administrator runs them: the password on
// standard input only, no hashes or tokens in lists, the new token alone on
// standard output, and the errors with their exit codes.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "auth/accounts.h"
#include "test_support.h"

namespace grip::testing {
namespace {

const std::string kAlicePassword = "correct horse battery";

using Outcome = GripRun;

class UserCommand : public ::testing::Test {
protected:
    // Runs grip with `input` on standard input.
    Outcome grip(const std::string& args, const std::string& input = "") { return run_grip(dir_.path(), args, input); }
    Outcome add_alice() {
        return grip(
            "user add alice --role infopunt --organisation ORG-1 --location LOC-1 --location LOC-2 "
            "--password-stdin",
            kAlicePassword + "\n");
    }
    TempDir dir_;
};

TEST_F(UserCommand, AddListAndDisable) {
    const auto add = add_alice();
    ASSERT_EQ(add.code, 0) << add.out << add.err;
    EXPECT_TRUE(has(add.out, "user alice added")) << add.out;
    EXPECT_FALSE(has(add.out + add.err, kAlicePassword));

    auto list = grip("user list");
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(has(list.out, "alice")) << list.out;
    EXPECT_TRUE(has(list.out, "infopunt")) << list.out;
    EXPECT_TRUE(has(list.out, "ORG-1")) << list.out;
    EXPECT_TRUE(has(list.out, "LOC-1,LOC-2")) << list.out;
    EXPECT_TRUE(has(list.out, "active")) << list.out;
    EXPECT_FALSE(has(list.out, "argon2")) << "a password hash in the list";

    const auto disable = grip("user disable alice");
    ASSERT_EQ(disable.code, 0) << disable.err;
    list = grip("user list");
    EXPECT_TRUE(has(list.out, "disabled")) << list.out;

    const auto unknown = grip("user disable nobody");
    EXPECT_EQ(unknown.code, 3);
    EXPECT_TRUE(has(unknown.err, "no user named nobody")) << unknown.err;
}

TEST_F(UserCommand, RefusesAPasswordThatIsNotOnStandardInput) {
    const auto r = grip("user add alice --role infopunt", kAlicePassword + "\n");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(has(r.err, "--password-stdin")) << r.err;
    EXPECT_FALSE(has(grip("user list").out, "alice")) << "the user was added";
    const auto empty = grip("user add alice --role infopunt --password-stdin", "");
    EXPECT_EQ(empty.code, 2);
    EXPECT_TRUE(has(empty.err, "no password")) << empty.err;
}

TEST_F(UserCommand, TheErrorsOfAdd) {
    const auto role = grip("user add alice --role admin --password-stdin", kAlicePassword + "\n");
    EXPECT_EQ(role.code, 2);
    EXPECT_TRUE(has(role.err, "unknown role 'admin'")) << role.err;
    EXPECT_TRUE(has(role.err, "infopunt")) << "the known roles are listed: " << role.err;

    const auto short_password = grip("user add alice --role infopunt --password-stdin", "too short\n");
    EXPECT_EQ(short_password.code, 2);
    EXPECT_TRUE(has(short_password.err, "at least 12 characters")) << short_password.err;

    ASSERT_EQ(add_alice().code, 0);
    const auto taken = grip("user add Alice --role beleid --password-stdin", kAlicePassword + "\n");
    EXPECT_EQ(taken.code, 1);
    EXPECT_TRUE(has(taken.err, "exists already")) << taken.err;
}

TEST_F(UserCommand, TokensAreCreatedListedAndRevoked) {
    ASSERT_EQ(add_alice().code, 0);
    // Hole 3: a token is for a partner system's account, never a person's.
    const auto person = grip("token create --user alice --expires 90d");
    EXPECT_EQ(person.code, 2);
    EXPECT_TRUE(has(person.err, "system accounts only")) << person.err;
    const auto system = grip("user add koppeling --system --role infopunt --organisation ORG-1");
    ASSERT_EQ(system.code, 0) << system.err;
    EXPECT_EQ(grip("user add koppeling2 --system --role beleid --password-stdin", kAlicePassword + "\n").code, 2)
        << "a system account has no password";
    EXPECT_TRUE(has(grip("user list").out, "system")) << "the kind in the list";
    const auto create = grip("token create --user koppeling --name 'partner sync' --expires 90d");
    ASSERT_EQ(create.code, 0) << create.err;
    ASSERT_EQ(create.out.size(), 44u) << "the token alone on standard output: " << create.out;
    const std::string token = create.out.substr(0, 43);
    EXPECT_TRUE(has(create.err, "expires")) << create.err;
    EXPECT_FALSE(has(create.err, token));

    // The printed token is the one the server accepts.
    {
        auto store = storage::open_store(store_location(dir_.path()), "GM0599");
        ASSERT_TRUE(store.ok());
        auto roles = auth::RoleTable::load(auth::default_roles_file());
        ASSERT_TRUE(roles.ok());
        const grip::SystemClock clock;
        auth::Accounts accounts(**store, *roles, clock);
        auto actor = accounts.bearer(token);
        ASSERT_TRUE(actor.ok());
        ASSERT_TRUE(actor->has_value());
        EXPECT_EQ((*actor)->name, "koppeling");
    }

    auto list = grip("token list");
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(has(list.out, "koppeling")) << list.out;
    EXPECT_TRUE(has(list.out, "partner sync")) << list.out;
    EXPECT_TRUE(has(list.out, "active")) << list.out;
    EXPECT_FALSE(has(list.out, token)) << "the token in the list";
    EXPECT_FALSE(has(list.out, auth::token_hash(token))) << "the token's hash in the list";

    ASSERT_EQ(grip("token revoke 1").code, 0);
    list = grip("token list");
    EXPECT_TRUE(has(list.out, "revoked")) << list.out;
    EXPECT_EQ(grip("token revoke 99").code, 3);

    EXPECT_EQ(grip("token create --user koppeling --expires 12h").code, 0);
    const auto bad_expiry = grip("token create --user koppeling --expires 90x");
    EXPECT_EQ(bad_expiry.code, 2);
    EXPECT_TRUE(has(bad_expiry.err, "90d or 12h")) << bad_expiry.err;
    EXPECT_EQ(grip("token create --user nobody --expires 1d").code, 3);
}

}  // namespace
}  // namespace grip::testing
