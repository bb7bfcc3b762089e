// The check of an OpenID Connect ID token (auth/oidc_token.h) against a key
// set, with tokens made here with OpenSSL: each refusal the sign-in through
// the identity provider depends on, and the configuration's checks.

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include "auth/oidc_config.h"
#include "auth/oidc_token.h"
#include "auth/roles.h"
#include "oidc_support.h"
#include "test_support.h"

namespace grip::auth {
namespace {
namespace json = boost::json;
using testing::Key;

constexpr int64_t kNow = 1'700'000'000;

class IdTokenTest : public ::testing::Test {
protected:
    Key key, other;
    json::value jwks = json::object{{"keys", json::array{key.jwk("k1")}}};
    IdTokenExpectation expect{"https://idp.example", "grip", "nonce-1", kNow, 60};

    json::object claims() const {
        return {{"iss", "https://idp.example"},
                {"aud", "grip"},
                {"sub", "s-1"},
                {"nonce", "nonce-1"},
                {"iat", kNow - 10},
                {"exp", kNow + 300},
                {"preferred_username", "medewerker"}};
    }
    static std::string header(std::string_view alg, std::string_view kid = "k1") {
        return base64url(json::serialize(json::object{{"alg", alg}, {"typ", "JWT"}, {"kid", kid}}));
    }
    std::string token(const json::object& payload, const Key* with = nullptr, std::string_view kid = "k1") const {
        const std::string signed_part = header("RS256", kid) + "." + base64url(json::serialize(payload));
        return signed_part + "." + base64url((with ? *with : key).sign(signed_part));
    }
    std::optional<IdTokenProblem> problem(const std::string& t) const {
        return check_id_token(t, jwks, expect).problem;
    }
};

TEST_F(IdTokenTest, AValidTokenGivesItsClaims) {
    const auto checked = check_id_token(token(claims()), jwks, expect);
    ASSERT_FALSE(checked.problem);
    EXPECT_EQ(checked.claims.at("preferred_username").as_string(), "medewerker");
}

TEST_F(IdTokenTest, ASignatureOfAnotherKeyIsRefused) {
    EXPECT_EQ(problem(token(claims(), &other)), IdTokenProblem::Signature);
}

TEST_F(IdTokenTest, AnUnknownKeyIdAsksForTheKeySetAgain) {
    EXPECT_EQ(problem(token(claims(), &other, "k2")), IdTokenProblem::UnknownKey);
}

TEST_F(IdTokenTest, NoneAndHmacAreRefused) {
    const std::string payload = base64url(json::serialize(claims()));
    EXPECT_EQ(problem(header("none") + "." + payload + "."), IdTokenProblem::Algorithm);
    // HS256 with the public key's modulus as the secret: the classic confusion.
    const std::string signed_part = header("HS256") + "." + payload;
    const std::string secret = key.param(OSSL_PKEY_PARAM_RSA_N);
    unsigned char mac[32];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac, &length);
    EXPECT_EQ(problem(signed_part + "." + base64url(std::string(reinterpret_cast<char*>(mac), length))),
              IdTokenProblem::Algorithm);
}

TEST_F(IdTokenTest, AChangedPayloadIsRefused) {
    const std::string t = token(claims());
    auto changed = claims();
    changed["preferred_username"] = "beheerder";
    const size_t first = t.find('.'), last = t.rfind('.');
    EXPECT_EQ(problem(t.substr(0, first + 1) + base64url(json::serialize(changed)) + t.substr(last)),
              IdTokenProblem::Signature);
}

TEST_F(IdTokenTest, AnotherIssuerIsRefused) {
    auto c = claims();
    c["iss"] = "https://idp.example/";
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Issuer);
}

TEST_F(IdTokenTest, AnotherAudienceIsRefused) {
    auto c = claims();
    c["aud"] = "een-andere-applicatie";
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Audience);
    // Among several audiences, the token must have been given to Grip (azp).
    c["aud"] = json::array{"grip", "een-andere-applicatie"};
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Audience);
    c["azp"] = "een-andere-applicatie";
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Audience);
    c["azp"] = "grip";
    EXPECT_FALSE(problem(token(c)));
}

TEST_F(IdTokenTest, ExpiryCountsWithTheLeeway) {
    auto c = claims();
    c["exp"] = kNow - 60;
    EXPECT_FALSE(problem(token(c)));
    c["exp"] = kNow - 61;
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Expired);
    c.erase("exp");
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Expired);
}

TEST_F(IdTokenTest, ATokenFromTheFutureIsRefused) {
    auto c = claims();
    c["iat"] = kNow + 61;
    EXPECT_EQ(problem(token(c)), IdTokenProblem::NotYetValid);
    c["iat"] = kNow;
    c["nbf"] = kNow + 120;
    EXPECT_EQ(problem(token(c)), IdTokenProblem::NotYetValid);
}

TEST_F(IdTokenTest, AnotherSignInsNonceIsRefused) {
    auto c = claims();
    c["nonce"] = "nonce-2";
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Nonce);
    c.erase("nonce");
    EXPECT_EQ(problem(token(c)), IdTokenProblem::Nonce);
}

TEST_F(IdTokenTest, GarbageIsMalformed) {
    EXPECT_EQ(problem("abc"), IdTokenProblem::Malformed);
    EXPECT_EQ(problem("a.b.c"), IdTokenProblem::Malformed);
    EXPECT_EQ(problem(token(claims()) + ".x"), IdTokenProblem::Malformed);
}

class OidcConfigTest : public ::testing::Test {
protected:
    testing::TempDir dir;
    RoleTable roles = *RoleTable::load(default_roles_file());

    std::filesystem::path write(const std::string& issuer = "https://idp.example", const std::string& role = "beleid",
                                mode_t secret_mode = 0600) {
        testing::write_file(dir / "secret", "s3cr3t\n");
        ::chmod((dir / "secret").c_str(), secret_mode);
        const json::object config{
            {"issuer", issuer},
            {"client_id", "grip"},
            {"client_secret_file", "secret"},
            {"redirect_uri", "https://grip.example/api/v1/sessions/oidc/callback"},
            {"label", "Gemeente-account"},
            {"roles", json::object{{"claim", "realm_access.roles"},
                                   {"map", json::array{json::object{{"value", "grip-beleid"}, {"role", role}},
                                                       json::object{{"value", "grip-beheer"}, {"role", "beheer"}}}}}},
            {"locations_claim", "locations"},
            {"second_factor", json::object{{"claim", "amr"}, {"values", json::array{"mfa", "otp"}}}}};
        testing::write_file(dir / "oidc.json", json::serialize(config));
        return dir / "oidc.json";
    }
};

TEST_F(OidcConfigTest, AGoodFileLoadsWithItsSecret) {
    const auto config = load_oidc_config(write(), roles);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->client_secret, "s3cr3t");
    EXPECT_EQ(config->scopes, std::vector<std::string>{"openid"});
}

TEST_F(OidcConfigTest, ASecretOthersMayReadIsRefused) {
    const auto config = load_oidc_config(write("https://idp.example", "beleid", 0644), roles);
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("0600"), std::string::npos);
}

TEST_F(OidcConfigTest, AnUnknownRoleIsRefused) {
    const auto config = load_oidc_config(write("https://idp.example", "koning"), roles);
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("roles.map[0].role"), std::string::npos);
}

TEST_F(OidcConfigTest, PlainHttpOnlyOnTheLoopbackInterface) {
    EXPECT_FALSE(load_oidc_config(write("http://idp.example"), roles));
    EXPECT_TRUE(load_oidc_config(write("http://127.0.0.1:4000"), roles));
}

TEST_F(OidcConfigTest, ClaimsMapToTheFirstMatchingRole) {
    const auto config = *load_oidc_config(write(), roles);
    json::object claims{{"preferred_username", "j.jansen@gemeente.nl"},
                        {"realm_access", json::object{{"roles", json::array{"grip-beheer", "grip-beleid"}}}},
                        {"locations", json::array{"LOC-1"}}};
    auto mapped = map_claims(config, claims);
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->username, "j.jansen.gemeente.nl");
    EXPECT_EQ(mapped->role, "beleid");  // the map's order, not the claim's
    EXPECT_EQ(mapped->locations, std::vector<std::string>{"LOC-1"});
    EXPECT_FALSE(mapped->second_factor);
    claims["amr"] = json::array{"pwd", "otp"};
    EXPECT_TRUE(map_claims(config, claims)->second_factor);
    claims["realm_access"] = json::object{{"roles", json::array{"iedereen"}}};
    EXPECT_EQ(map_claims(config, claims)->role, "");
}

}  // namespace
}  // namespace grip::auth
