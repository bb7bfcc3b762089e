// The cache of checked sessions and API tokens (auth/credential_cache.h): a
// check is used again within its second, a token or session revoked behind
// the server's back (another process) is refused at the latest one second
// later, and one revoked through this server at once. The clock is the
// test's: no waiting.

#include <gtest/gtest.h>

#include "api_support.h"
#include "auth/accounts.h"
#include "auth/roles.h"
#include "auth/secrets.h"
#include "storage/store.h"

namespace grip::testing {
namespace {

constexpr std::string_view kPath = "/api/v1/records/activity?limit=1";

std::unique_ptr<storage::Store> open_store_of(const ApiServer& server) {
    auto store = storage::open_store(server.db(), "GM0599");
    if (!store) throw std::runtime_error(store.error().message);
    return std::move(*store);
}

TEST(ApiCredentialCache, ARevokedTokenIsRefusedWithinASecond) {
    ApiServer server;
    ASSERT_EQ(server.as("balie", "GET", kPath).status, 200);
    const int64_t hits = server.api().credentials().hits();
    ASSERT_EQ(server.as("balie", "GET", kPath).status, 200);
    EXPECT_EQ(server.api().credentials().hits(), hits + 1) << "the check of this second is used again";

    // Revoked in the store, as `grip token revoke` in another process does:
    // the server hears nothing of it.
    auto store = open_store_of(server);
    auto row = store->api_token_by_hash(auth::token_hash(server.token_of("balie")));
    ASSERT_TRUE(row.ok() && row->has_value());
    ASSERT_TRUE(store->revoke_api_token((*row)->id).ok());
    // Within the second of its last check the token may still pass; from the
    // next second on it never does.
    (void)server.as("balie", "GET", kPath);
    server.clock().advance(1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(server.as("balie", "GET", kPath).status, 401);
    server.check_contract();
}

TEST(ApiCredentialCache, AnEndedSessionIsRefusedWithinASecond) {
    ApiServer server;
    const auto session = server.sign_in("adviseur");
    const HttpHeaders cookie{{"Cookie", session.cookie}};
    ASSERT_EQ(server.send("GET", "/api/v1/sessions/current", {}, cookie).status, 200);
    ASSERT_EQ(server.send("GET", "/api/v1/sessions/current", {}, cookie).status, 200);

    auto store = open_store_of(server);
    const auto token = session.cookie.substr(session.cookie.find('=') + 1);
    auto row = store->session_by_hash(auth::token_hash(token));
    ASSERT_TRUE(row.ok() && row->has_value());
    ASSERT_TRUE(store->delete_session((*row)->id).ok());
    (void)server.send("GET", "/api/v1/sessions/current", {}, cookie);
    server.clock().advance(1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(server.send("GET", "/api/v1/sessions/current", {}, cookie).status, 401);
    server.check_contract();
}

TEST(ApiCredentialCache, ARevocationThroughThisProcessTakesEffectAtOnce) {
    ApiServer server;
    ASSERT_EQ(server.as("balie", "GET", kPath).status, 200);
    ASSERT_EQ(server.as("balie", "GET", kPath).status, 200);
    auto store = open_store_of(server);
    auto roles = auth::RoleTable::load(auth::default_roles_file());
    ASSERT_TRUE(roles.ok());
    auth::Accounts accounts(*store, *roles, server.clock());
    auto row = store->api_token_by_hash(auth::token_hash(server.token_of("balie")));
    ASSERT_TRUE(row.ok() && row->has_value());
    ASSERT_TRUE(accounts.revoke_token((*row)->id).ok());
    EXPECT_EQ(server.as("balie", "GET", kPath).status, 401)
        << "the same second: no cached check after a revocation here";
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
