// The accounts of the identity provider's users (auth/oidc_accounts.h) in the
// store, on both backends: made at the first sign-in, linked to issuer and
// subject, brought up to date from the claims, never a local account of the
// same name, and never signed in with a password.

#include <gtest/gtest.h>

#include "auth/accounts.h"
#include "auth/oidc_accounts.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

const auth::RoleTable& roles() {
    static const auth::RoleTable table = *auth::RoleTable::load(auth::default_roles_file());
    return table;
}

class OidcAccounts : public ::testing::Test {
protected:
    OidcAccounts() {
        auto s = storage::open_store(store_location(dir_.path(), "oidc.db"), "GM0599");
        if (!s) throw std::runtime_error(s.error().message);
        store_ = std::move(*s);
    }
    std::optional<storage::UserRow> account(std::string_view sub, const auth::OidcMapped& mapped) {
        auto r = auth::oidc_account(*store_, clock_, "https://idp.example", sub, mapped);
        if (!r) throw std::runtime_error(r.error().message);
        return *r;
    }

    TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    grip::ManualClock clock_;
};

TEST_F(OidcAccounts, TheFirstSignInMakesAPersonAndLaterOnesFollowTheClaims) {
    const auto made = account("sub-1", {"medewerker", "infopunt", "ORG-1", {"LOC-1"}});
    ASSERT_TRUE(made);
    auto stored = *store_->user_by_name("medewerker");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->kind, storage::UserKind::Person);
    EXPECT_EQ(stored->role, "infopunt");
    EXPECT_EQ(stored->locations, std::vector<std::string>{"LOC-1"});
    const auto again = account("sub-1", {"medewerker", "beleid", "", {}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, made->id);
    stored = *store_->user_by_name("medewerker");
    EXPECT_EQ(stored->role, "beleid");
    EXPECT_TRUE(stored->locations.empty());
    EXPECT_TRUE(stored->organisation.empty());
}

TEST_F(OidcAccounts, ALocalAccountOrAnotherSubjectIsNeverTakenOver) {
    auth::Accounts accounts(*store_, roles(), clock_, auth::PasswordCost::Minimum);
    ASSERT_TRUE(accounts.add_user("lokaal", "beheer", "", {}, "een lang wachtwoord"));
    EXPECT_FALSE(account("sub-1", {"lokaal", "beheer", "", {}}));
    ASSERT_TRUE(account("sub-2", {"medewerker", "beleid", "", {}}));
    EXPECT_FALSE(account("sub-3", {"medewerker", "beleid", "", {}}));
    ASSERT_TRUE(accounts.disable_user("medewerker"));
    EXPECT_FALSE(account("sub-2", {"medewerker", "beleid", "", {}}));
}

TEST_F(OidcAccounts, AnAccountOfTheProviderHasNoPasswordAndGetsASession) {
    const auto made = account("sub-1", {"medewerker", "beleid", "", {}});
    ASSERT_TRUE(made);
    auth::Accounts accounts(*store_, roles(), clock_, auth::PasswordCost::Minimum);
    auth::SignInThrottle throttle;
    int address = 0;  // one client address per try, so that no try is held back by the last one's failure
    for (const std::string& password : std::vector<std::string>{"", "oidc", made->password_hash}) {
        const auto signed_in =
            accounts.sign_in("medewerker", password, throttle, "192.0.2." + std::to_string(++address));
        ASSERT_TRUE(signed_in);
        EXPECT_EQ(signed_in->result, auth::SignInResult::WrongCredentials);
    }
    const auto session = accounts.start_session(made->id);
    ASSERT_TRUE(session);
    ASSERT_EQ(session->result, auth::SignInResult::Ok);
    const auto actor = *accounts.session(session->session_token);
    ASSERT_TRUE(actor);
    EXPECT_EQ(actor->name, "medewerker");
    EXPECT_EQ(actor->role->name, "beleid");
    // beheer cannot give it a password: that would cut its link to the provider.
    const auto reset = accounts.reset_password("medewerker");
    ASSERT_FALSE(reset);
    EXPECT_EQ(reset.error().code, ErrorCode::Conflict);
    const auto again = account("sub-1", {"medewerker", "beleid", "", {}});
    ASSERT_TRUE(again) << "still the provider's account";
    EXPECT_EQ(again->id, made->id);
}

}  // namespace
}  // namespace grip::testing
