#pragma once
// The check of an OpenID Connect ID token (a JWS in compact form) against
// the provider's keys (JWKS) and what Grip expects of it: signed with an RSA
// key of the set (RS256, RS384, RS512; `none` and the HMAC algorithms are
// refused, since a client secret must not be able to make tokens), from the
// configured issuer, for this client (`aud`, `azp`), not expired, issued not
// in the future and with the nonce of this sign-in. Pure: the time is given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace grip::auth {

enum class IdTokenProblem {
    Malformed,   // not three base64url parts of JSON
    Algorithm,   // not RS256/RS384/RS512
    UnknownKey,  // no key of the set has the token's `kid` (fetch the set again)
    Signature,   // the signature does not verify
    Issuer,
    Audience,     // `aud` lacks the client, or `azp` is another's
    Expired,      // `exp` passed (with leeway), or missing
    NotYetValid,  // `iat` or `nbf` in the future (with leeway)
    Nonce,        // not this sign-in's nonce
};

// A short name for logs and pages ("signature", "audience", ...).
std::string_view id_token_problem_name(IdTokenProblem problem);

struct IdTokenExpectation {
    std::string issuer;
    std::string client_id;
    std::string nonce;
    int64_t now = 0;      // seconds since the epoch (the injected clock)
    int64_t leeway = 60;  // seconds allowed for clocks that differ
};

struct IdTokenCheck {
    std::optional<IdTokenProblem> problem;  // nullopt: valid
    boost::json::object claims;             // the payload (when valid)
};

// `jwks` is the provider's key set as JSON ({"keys": [...]}).
IdTokenCheck check_id_token(std::string_view token, const boost::json::value& jwks, const IdTokenExpectation& expect);

// base64url without padding, as JWS and PKCE use it.
std::string base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);

}  // namespace grip::auth
