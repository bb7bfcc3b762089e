#pragma once
// The OpenID Connect client of Grip (authorization code flow with PKCE S256,
// `state` and `nonce`, NL GOV Assurance profile): it starts a sign-in (the
// URL of the provider's authorization endpoint), and finishes it at the
// callback (the code exchanged at the token endpoint with the client secret,
// the ID token checked by check_id_token). The provider's discovery document
// and key set are fetched when first needed and kept; the key set is fetched
// again when a token names a key it does not hold (the provider rolled its
// keys). What a sign-in in progress needs (state, nonce, PKCE verifier, the
// browser it began in) stays on the server, for kPendingSeconds, and is used
// once.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "auth/oidc_config.h"
#include "common/clock.h"
#include "common/result.h"
#include "http/http_client.h"

namespace grip::auth {

struct OidcStart {
    std::string authorization_url;  // where the browser goes (302)
    std::string browser_binding;    // for a cookie: the callback must come from the same browser
};

// Why a callback is refused; the names go to the security log and, as a code,
// to the web interface's refusal page.
enum class OidcRefusal {
    State,          // unknown, used or expired state, or another browser's
    ProviderError,  // the provider answered with an error (the user cancelled, ...)
    Exchange,       // the token endpoint refused the code or did not answer
    IdToken,        // the ID token did not pass check_id_token (see id_token_problem)
    NoRole,         // the claims map to no Grip role
    Account,        // the user name belongs to another account
};
std::string_view oidc_refusal_name(OidcRefusal refusal);

struct OidcFinish {
    std::optional<OidcRefusal> refusal;
    std::string detail;          // for the security log: a problem's name, never a claim's value
    boost::json::object claims;  // the ID token's claims (when it passed)
    std::string id_token;        // for the sign-out at the provider (id_token_hint)
};

class OidcClient {
public:
    static constexpr int64_t kPendingSeconds = 600;
    static constexpr size_t kMaxPending = 10000;
    static constexpr int64_t kDiscoverySeconds = 3600;

    // The client's HTTP requests: a GET (`form` null) or a POST of a form
    // with the client's credentials. libcurl (http/http_client.h) unless a test gives its own.
    using Fetch = std::function<Result<http::HttpReply>(const std::string& url, const std::string* form)>;

    OidcClient(OidcConfig config, const Clock& clock, Fetch fetch = {});

    const OidcConfig& config() const { return config_; }

    // Fetches the discovery document when it is not known yet.
    Result<OidcStart> start();
    // The callback's parameters and the binding cookie the browser sent. An
    // unexpected failure (the provider unreachable) is a refusal too, of kind
    // Exchange, with its message in `detail`.
    // `iss` is the authorization response's issuer (RFC 9207), when the
    // provider sends it: another than the configured one is a mix-up attack.
    OidcFinish finish(std::string_view state, std::string_view code, std::string_view error, std::string_view iss,
                      std::string_view binding);
    // The provider's end_session_endpoint with id_token_hint and
    // post_logout_redirect_uri, or empty when it has none.
    std::string end_session_url(std::string_view id_token);

    // The ID token of a Grip session, kept for the sign-out (in memory: after a
    // restart the provider asks its user to confirm instead).
    void remember_session(int64_t session, std::string id_token);
    std::string forget_session(int64_t session);

private:
    struct Discovery {
        std::string authorization_endpoint, token_endpoint, jwks_uri, end_session_endpoint;
        int64_t fetched_at = 0;
    };
    struct Pending {
        std::string nonce, verifier, binding_hash;
        int64_t expires_at = 0;
    };
    Result<Discovery> discovery();
    // The key set: kept, or fetched again (`refresh`) when a token from the
    // token endpoint names a key it does not hold. Only the provider's own
    // answer over TLS can ask for that, so it needs no limit of its own.
    Result<boost::json::value> keys(bool refresh);

    OidcConfig config_;
    const Clock& clock_;
    Fetch fetch_;
    std::mutex mutex_;
    std::optional<Discovery> discovery_;
    boost::json::value jwks_;
    int64_t jwks_fetched_at_ = 0;
    std::map<std::string, Pending, std::less<>> pending_;          // by state
    std::map<int64_t, std::pair<int64_t, std::string>> sessions_;  // session -> (signed in at, ID token)
};

}  // namespace grip::auth
