// The OpenID Connect client (auth/oidc_client.h) against a provider played
// by the test through the client's HTTP seam, with a manual clock: state is
// single use, expires and belongs to one browser; PKCE S256 and the nonce go
// round; the discovery document must name the configured issuer; the key set
// is fetched again for an unknown key. The whole flow against a real provider
// is in tests/e2e/oidc_api.test.mjs.

#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/url/parse.hpp>

#include "auth/oidc_client.h"
#include "oidc_support.h"

namespace grip::auth {
namespace {
namespace json = boost::json;
using testing::Key;

constexpr const char* kIssuer = "https://idp.example";

OidcConfig config() {
    OidcConfig c;
    c.issuer = kIssuer;
    c.client_id = "grip";
    c.client_secret = "geheim";
    c.redirect_uri = "https://grip.example/api/v1/sessions/oidc/callback";
    c.post_logout_redirect_uri = "https://grip.example/aanmelden";
    c.scopes = {"openid", "profile"};
    c.label = "Testgemeente";
    return c;
}

std::string param(const std::string& url, std::string_view name) {
    auto parsed = boost::urls::parse_uri(url);
    for (const auto& p : parsed->params())
        if (p.key == name) return p.value;
    return {};
}

class OidcClientTest : public ::testing::Test {
protected:
    ManualClock clock{1'700'000'000};
    Key key, rolled;
    std::string discovered_issuer = kIssuer;
    bool rolled_over = false;  // the provider signs with `rolled` and its key set has both keys
    int jwks_fetches = 0;
    std::string last_form;
    std::string nonce;  // of the sign-in the token endpoint answers for

    OidcClient client{
        config(), clock, [this](const std::string& url, const std::string* form) -> Result<http::HttpReply> {
            if (url == std::string(kIssuer) + "/.well-known/openid-configuration")
                return http::HttpReply{200, json::serialize(
                                                json::object{{"issuer", discovered_issuer},
                                                             {"authorization_endpoint", "https://idp.example/auth"},
                                                             {"token_endpoint", "https://idp.example/token"},
                                                             {"jwks_uri", "https://idp.example/jwks"},
                                                             {"end_session_endpoint", "https://idp.example/logout"}})};
            if (url == "https://idp.example/jwks") {
                ++jwks_fetches;
                json::array keys{key.jwk("k1")};
                if (rolled_over) keys.push_back(rolled.jwk("k2"));
                return http::HttpReply{200, json::serialize(json::object{{"keys", keys}})};
            }
            if (url == "https://idp.example/token" && form) {
                last_form = *form;
                json::object claims{{"iss", kIssuer}, {"aud", "grip"},      {"sub", "s-1"},
                                    {"nonce", nonce}, {"iat", clock.now()}, {"exp", clock.now() + 300}};
                const std::string id = rolled_over ? testing::signed_token(claims, rolled, "k2")
                                                   : testing::signed_token(claims, key, "k1");
                return http::HttpReply{200, json::serialize(json::object{{"id_token", id}, {"token_type", "Bearer"}})};
            }
            return http::HttpReply{404, ""};
        }};

    // A started sign-in: its state, and the binding cookie's value.
    std::pair<std::string, std::string> begin() {
        auto started = client.start();
        EXPECT_TRUE(started) << started.error().message;
        nonce = param(started->authorization_url, "nonce");
        return {param(started->authorization_url, "state"), started->browser_binding};
    }
};

TEST_F(OidcClientTest, TheAuthorizationRequestCarriesPkceStateAndNonce) {
    const auto started = client.start();
    ASSERT_TRUE(started);
    const auto& url = started->authorization_url;
    EXPECT_EQ(url.rfind("https://idp.example/auth?", 0), 0u);
    EXPECT_EQ(param(url, "response_type"), "code");
    EXPECT_EQ(param(url, "client_id"), "grip");
    EXPECT_EQ(param(url, "redirect_uri"), "https://grip.example/api/v1/sessions/oidc/callback");
    EXPECT_EQ(param(url, "scope"), "openid profile");
    EXPECT_EQ(param(url, "code_challenge_method"), "S256");
    EXPECT_GE(param(url, "state").size(), 32u);
    EXPECT_GE(param(url, "nonce").size(), 32u);
    // The verifier goes to the token endpoint; its SHA-256 was the challenge.
    nonce = param(url, "nonce");
    const auto done = client.finish(param(url, "state"), "code-1", "", kIssuer, started->browser_binding);
    ASSERT_FALSE(done.refusal) << done.detail;
    const std::string verifier = param("https://x/?" + last_form, "code_verifier");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
    EXPECT_EQ(base64url(std::string(reinterpret_cast<char*>(digest), sizeof digest)), param(url, "code_challenge"));
    EXPECT_EQ(param("https://x/?" + last_form, "grant_type"), "authorization_code");
    EXPECT_EQ(done.claims.at("sub").as_string(), "s-1");
}

TEST_F(OidcClientTest, AStateIsUsedOnce) {
    const auto [state, binding] = begin();
    EXPECT_FALSE(client.finish(state, "code-1", "", "", binding).refusal);
    EXPECT_EQ(client.finish(state, "code-1", "", "", binding).refusal, OidcRefusal::State);
}

TEST_F(OidcClientTest, AStateExpiresAfterTenMinutes) {
    const auto [state, binding] = begin();
    clock.advance(OidcClient::kPendingSeconds);
    EXPECT_EQ(client.finish(state, "code-1", "", "", binding).refusal, OidcRefusal::State);
    const auto [fresh, fresh_binding] = begin();
    clock.advance(OidcClient::kPendingSeconds - 1);
    EXPECT_FALSE(client.finish(fresh, "code-1", "", "", fresh_binding).refusal);
}

TEST_F(OidcClientTest, AStateBelongsToTheBrowserThatBegan) {
    const auto [state, binding] = begin();
    EXPECT_EQ(client.finish(state, "code-1", "", "", "another-browser").refusal, OidcRefusal::State);
    // And it is gone: the right browser cannot use it after that either.
    EXPECT_EQ(client.finish(state, "code-1", "", "", binding).refusal, OidcRefusal::State);
}

TEST_F(OidcClientTest, AnotherIssuerInTheAnswerIsAMixUp) {
    const auto [state, binding] = begin();
    EXPECT_EQ(client.finish(state, "code-1", "", "https://evil.example", binding).refusal, OidcRefusal::ProviderError);
}

TEST_F(OidcClientTest, ADiscoveryDocumentOfAnotherIssuerIsRefused) {
    discovered_issuer = "https://evil.example";
    const auto started = client.start();
    ASSERT_FALSE(started);
    EXPECT_NE(started.error().message.find("another issuer"), std::string::npos);
}

TEST_F(OidcClientTest, TheKeySetIsFetchedAgainForAnUnknownKey) {
    auto [state, binding] = begin();
    ASSERT_FALSE(client.finish(state, "code-1", "", "", binding).refusal);
    EXPECT_EQ(jwks_fetches, 1);
    std::tie(state, binding) = begin();
    ASSERT_FALSE(client.finish(state, "code-2", "", "", binding).refusal);
    EXPECT_EQ(jwks_fetches, 1) << "kept while the keys are known";
    rolled_over = true;
    std::tie(state, binding) = begin();
    const auto done = client.finish(state, "code-3", "", "", binding);
    EXPECT_FALSE(done.refusal) << done.detail;
    EXPECT_EQ(jwks_fetches, 2);
}

TEST_F(OidcClientTest, TheNonceMustBeThisSignInsOwn) {
    const auto [first, first_binding] = begin();
    const std::string first_nonce = nonce;
    const auto [second, second_binding] = begin();
    nonce = first_nonce;  // the provider answers the second sign-in with the first's token
    const auto done = client.finish(second, "code-1", "", "", second_binding);
    EXPECT_EQ(done.refusal, OidcRefusal::IdToken);
    EXPECT_EQ(done.detail, "nonce");
}

TEST_F(OidcClientTest, SigningOutAtTheProviderNamesTheTokenAndWhereToReturn) {
    const std::string url = client.end_session_url("the.id.token");
    EXPECT_EQ(url.rfind("https://idp.example/logout?", 0), 0u);
    EXPECT_EQ(param(url, "id_token_hint"), "the.id.token");
    EXPECT_EQ(param(url, "post_logout_redirect_uri"), "https://grip.example/aanmelden");
    client.remember_session(7, "tok");
    EXPECT_EQ(client.forget_session(7), "tok");
    EXPECT_EQ(client.forget_session(7), "");
}

}  // namespace
}  // namespace grip::auth
