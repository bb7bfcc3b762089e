#pragma once
// What the tests of OpenID Connect share: an RSA key made with OpenSSL, as a
// JWK and as the signer of test ID tokens.

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "auth/oidc_token.h"

namespace grip::testing {

struct Key {
    EVP_PKEY* pkey = EVP_RSA_gen(2048);
    Key() = default;
    Key(const Key&) = delete;
    Key& operator=(const Key&) = delete;
    ~Key() { EVP_PKEY_free(pkey); }

    std::string param(const char* name) const {
        BIGNUM* bn = nullptr;
        EVP_PKEY_get_bn_param(pkey, name, &bn);
        std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(bn);
        return auth::base64url(bytes);
    }
    boost::json::object jwk(const std::string& kid) const {
        return {{"kty", "RSA"},
                {"use", "sig"},
                {"alg", "RS256"},
                {"kid", kid},
                {"n", param(OSSL_PKEY_PARAM_RSA_N)},
                {"e", param(OSSL_PKEY_PARAM_RSA_E)}};
    }
    std::string sign(std::string_view data) const {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, pkey);
        size_t length = 0;
        EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size());
        std::string signature(length, '\0');
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
        EVP_MD_CTX_free(ctx);
        signature.resize(length);
        return signature;
    }
};

// A compact JWS (RS256) of `payload`.
inline std::string signed_token(const boost::json::object& payload, const Key& key, std::string_view kid) {
    const std::string signed_part =
        auth::base64url(boost::json::serialize(boost::json::object{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}})) +
        "." + auth::base64url(boost::json::serialize(payload));
    return signed_part + "." + auth::base64url(key.sign(signed_part));
}

}  // namespace grip::testing
