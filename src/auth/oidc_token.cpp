#include "auth/oidc_token.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <memory>

#include <boost/json.hpp>

namespace grip::auth {
namespace json = boost::json;
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

constexpr int kMinRsaBits = 2048;

std::optional<json::object> json_part(std::string_view encoded) {
    const auto text = from_base64url(encoded);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

BnPtr bignum(const json::object& jwk, std::string_view name) {
    const auto* v = jwk.if_contains(name);
    if (!v || !v->is_string()) return nullptr;
    const auto bytes = from_base64url(v->get_string());
    if (!bytes || bytes->empty()) return nullptr;
    return BnPtr(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()), static_cast<int>(bytes->size()), nullptr));
}

// An RSA public key from a JWK (kty RSA, n, e), or null.
PkeyPtr rsa_key(const json::object& jwk) {
    BnPtr n = bignum(jwk, "n"), e = bignum(jwk, "e");
    if (!n || !e) return nullptr;
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        return nullptr;
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return nullptr;
    PkeyPtr out(key);
    if (EVP_PKEY_get_bits(out.get()) < kMinRsaBits) return nullptr;
    return out;
}

bool verify(EVP_PKEY* key, const EVP_MD* md, std::string_view signed_part, std::string_view signature) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) <= 0) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

std::optional<int64_t> number(const json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
    if (v->is_double()) return static_cast<int64_t>(v->get_double());
    return std::nullopt;
}

bool text_is(const json::object& o, std::string_view name, std::string_view expected) {
    const auto* v = o.if_contains(name);
    return v && v->is_string() && v->get_string() == expected;
}

}  // namespace

std::string_view id_token_problem_name(IdTokenProblem problem) {
    switch (problem) {
        case IdTokenProblem::Malformed: return "malformed";
        case IdTokenProblem::Algorithm: return "algorithm";
        case IdTokenProblem::UnknownKey: return "unknown_key";
        case IdTokenProblem::Signature: return "signature";
        case IdTokenProblem::Issuer: return "issuer";
        case IdTokenProblem::Audience: return "audience";
        case IdTokenProblem::Expired: return "expired";
        case IdTokenProblem::NotYetValid: return "not_yet_valid";
        case IdTokenProblem::Nonce: return "nonce";
    }
    return "malformed";
}

std::string base64url(std::string_view bytes) {
    if (sodium_init() < 0) return {};
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
    if (sodium_init() < 0) return std::nullopt;
    std::string out(text.size() * 3 / 4 + 3, '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

IdTokenCheck check_id_token(std::string_view token, const json::value& jwks, const IdTokenExpectation& expect) {
    IdTokenCheck out;
    auto fail = [&](IdTokenProblem p) {
        out.problem = p;
        out.claims.clear();
        return out;
    };
    const size_t first = token.find('.');
    const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return fail(IdTokenProblem::Malformed);
    const auto header = json_part(token.substr(0, first));
    auto payload = json_part(token.substr(first + 1, second - first - 1));
    const auto signature = from_base64url(token.substr(second + 1));
    if (!header || !payload || !signature) return fail(IdTokenProblem::Malformed);

    // The algorithm is Grip's choice, never the token's: only RSA signatures.
    const auto* alg = header->if_contains("alg");
    if (!alg || !alg->is_string()) return fail(IdTokenProblem::Algorithm);
    const EVP_MD* md = alg->get_string() == "RS256"   ? EVP_sha256()
                       : alg->get_string() == "RS384" ? EVP_sha384()
                       : alg->get_string() == "RS512" ? EVP_sha512()
                                                      : nullptr;
    if (!md) return fail(IdTokenProblem::Algorithm);
    if (header->contains("crit")) return fail(IdTokenProblem::Malformed);  // no extensions are understood

    const auto* kid = header->if_contains("kid");
    const json::array* keys = nullptr;
    if (jwks.is_object())
        if (const auto* k = jwks.get_object().if_contains("keys"); k && k->is_array()) keys = &k->get_array();
    bool found = false, verified = false;
    if (keys)
        for (const auto& k : *keys) {
            if (!k.is_object()) continue;
            const auto& jwk = k.get_object();
            if (!text_is(jwk, "kty", "RSA")) continue;
            if (jwk.contains("use") && !text_is(jwk, "use", "sig")) continue;
            if (jwk.contains("alg") && !text_is(jwk, "alg", alg->get_string())) continue;
            // Without a kid in the token, every signing key of the set is tried.
            if (kid && (!kid->is_string() || !text_is(jwk, "kid", kid->get_string()))) continue;
            found = true;
            const PkeyPtr key = rsa_key(jwk);
            if (key && verify(key.get(), md, token.substr(0, second), *signature)) {
                verified = true;
                break;
            }
        }
    if (!found) return fail(IdTokenProblem::UnknownKey);
    if (!verified) return fail(IdTokenProblem::Signature);

    const json::object& claims = *payload;
    if (!text_is(claims, "iss", expect.issuer)) return fail(IdTokenProblem::Issuer);
    bool for_us = false;
    size_t audiences = 0;
    if (const auto* aud = claims.if_contains("aud")) {
        if (aud->is_string()) {
            audiences = 1;
            for_us = aud->get_string() == expect.client_id;
        } else if (aud->is_array()) {
            for (const auto& a : aud->get_array()) {
                ++audiences;
                if (a.is_string() && a.get_string() == expect.client_id) for_us = true;
            }
        }
    }
    // With more audiences than this client, the token must say it was given to this client.
    if (!for_us || (audiences > 1 && !text_is(claims, "azp", expect.client_id)) ||
        (claims.contains("azp") && !text_is(claims, "azp", expect.client_id)))
        return fail(IdTokenProblem::Audience);
    const auto exp = number(claims, "exp");
    if (!exp || expect.now > *exp + expect.leeway) return fail(IdTokenProblem::Expired);
    const auto iat = number(claims, "iat");
    if (!iat || *iat > expect.now + expect.leeway) return fail(IdTokenProblem::NotYetValid);
    if (const auto nbf = number(claims, "nbf"); nbf && *nbf > expect.now + expect.leeway)
        return fail(IdTokenProblem::NotYetValid);
    if (expect.nonce.empty() || !text_is(claims, "nonce", expect.nonce)) return fail(IdTokenProblem::Nonce);
    if (!claims.contains("sub") || !claims.at("sub").is_string() || claims.at("sub").get_string().empty())
        return fail(IdTokenProblem::Malformed);
    out.claims = std::move(*payload);
    return out;
}

}  // namespace grip::auth
