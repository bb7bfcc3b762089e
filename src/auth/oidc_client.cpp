#include "auth/oidc_client.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "auth/oidc_token.h"
#include "auth/secrets.h"
#include "common/json_fields.h"
#include "http/http_client.h"

namespace grip::auth {
namespace json = boost::json;
namespace {

std::string sha256(std::string_view text) {
    std::string digest(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return digest;
}

Result<json::object> json_reply(const http::HttpReply& reply, std::string_view what) {
    boost::system::error_code ec;
    json::value v = json::parse(reply.body, ec);
    if (ec || !v.is_object())
        return Error::io(fmt::format("the identity provider's {} is not a JSON object (HTTP {})", what, reply.status));
    return std::move(v.get_object());
}

constexpr int64_t kSessionMemorySeconds = 12 * 3600;

}  // namespace

std::string_view oidc_refusal_name(OidcRefusal refusal) {
    switch (refusal) {
        case OidcRefusal::State: return "state";
        case OidcRefusal::ProviderError: return "provider";
        case OidcRefusal::Exchange: return "exchange";
        case OidcRefusal::IdToken: return "id_token";
        case OidcRefusal::NoRole: return "no_role";
        case OidcRefusal::Account: return "account";
    }
    return "state";
}

OidcClient::OidcClient(OidcConfig config, const Clock& clock, Fetch fetch)
    : config_(std::move(config)), clock_(clock), fetch_(std::move(fetch)) {
    ensure_sodium();
    if (!fetch_)
        fetch_ = [this](const std::string& url, const std::string* form) -> Result<http::HttpReply> {
            if (form) return http::http_post_form(url, *form, config_.client_id, config_.client_secret);
            return http::http_get(url);
        };
}

Result<OidcClient::Discovery> OidcClient::discovery() {
    const int64_t now = clock_.now();
    {
        const std::lock_guard lock(mutex_);
        if (discovery_ && now - discovery_->fetched_at < kDiscoverySeconds) return *discovery_;
    }
    std::string url = config_.issuer;
    if (!url.empty() && url.back() == '/') url.pop_back();
    url += "/.well-known/openid-configuration";
    const auto reply = TRY(fetch_(url, nullptr));
    if (reply.status != 200)
        return Error::io(fmt::format("the identity provider's discovery document answered HTTP {}", reply.status));
    const auto doc = TRY(json_reply(reply, "discovery document"));
    // The issuer of the document must be the one configured (OpenID Connect
    // Discovery 4.3), or another party could have answered.
    if (string_value(doc, "issuer") != config_.issuer)
        return Error::io("the identity provider's discovery document names another issuer");
    Discovery d;
    d.authorization_endpoint = string_value(doc, "authorization_endpoint");
    d.token_endpoint = string_value(doc, "token_endpoint");
    d.jwks_uri = string_value(doc, "jwks_uri");
    d.end_session_endpoint = string_value(doc, "end_session_endpoint");
    d.fetched_at = now;
    for (const auto* endpoint : {&d.authorization_endpoint, &d.token_endpoint, &d.jwks_uri})
        if (!acceptable_provider_url(*endpoint))
            return Error::io("the identity provider's discovery document lacks an https:// endpoint");
    if (!d.end_session_endpoint.empty() && !acceptable_provider_url(d.end_session_endpoint))
        d.end_session_endpoint.clear();
    const std::lock_guard lock(mutex_);
    discovery_ = d;
    return d;
}

Result<json::value> OidcClient::keys(bool refresh) {
    const int64_t now = clock_.now();
    {
        const std::lock_guard lock(mutex_);
        if (!jwks_.is_null() && !refresh) return jwks_;
    }
    const auto d = TRY(discovery());
    const auto reply = TRY(fetch_(d.jwks_uri, nullptr));
    if (reply.status != 200)
        return Error::io(fmt::format("the identity provider's key set answered HTTP {}", reply.status));
    json::value set = TRY(json_reply(reply, "key set"));
    const std::lock_guard lock(mutex_);
    jwks_ = set;
    jwks_fetched_at_ = now;
    return set;
}

Result<OidcStart> OidcClient::start() {
    const auto d = TRY(discovery());
    const int64_t now = clock_.now();
    Pending p;
    const std::string state = random_token();
    p.nonce = random_token();
    p.verifier = random_token() + random_token();  // 43 to 128 characters (RFC 7636 4.1)
    OidcStart out;
    out.browser_binding = random_token();
    p.binding_hash = sha256(out.browser_binding);
    p.expires_at = now + kPendingSeconds;
    const std::string nonce = p.nonce;
    const std::string challenge = base64url(sha256(p.verifier));
    {
        const std::lock_guard lock(mutex_);
        std::erase_if(pending_, [&](const auto& e) { return e.second.expires_at <= now; });
        if (pending_.size() >= kMaxPending) return Error::busy("too many sign-ins in progress: try again in a minute");
        pending_.emplace(state, std::move(p));
    }
    std::string scope;
    for (const auto& s : config_.scopes) scope += (scope.empty() ? "" : " ") + s;
    out.authorization_url = fmt::format(
        "{}{}response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&nonce={}&code_challenge={}"
        "&code_challenge_method=S256",
        d.authorization_endpoint, d.authorization_endpoint.find('?') == std::string::npos ? "?" : "&",
        http::form_encode(config_.client_id), http::form_encode(config_.redirect_uri), http::form_encode(scope), state,
        nonce, challenge);
    return out;
}

OidcFinish OidcClient::finish(std::string_view state, std::string_view code, std::string_view error,
                              std::string_view iss, std::string_view binding) {
    OidcFinish out;
    auto refuse = [&](OidcRefusal why, std::string detail) {
        out.refusal = why;
        out.detail = std::move(detail);
        out.claims.clear();
        out.id_token.clear();
        return out;
    };
    const int64_t now = clock_.now();
    Pending p;
    {
        // Single use: the state is gone from here on, whatever follows.
        const std::lock_guard lock(mutex_);
        const auto it = pending_.find(state);
        if (state.empty() || it == pending_.end()) return refuse(OidcRefusal::State, "unknown or used state");
        p = std::move(it->second);
        pending_.erase(it);
    }
    if (p.expires_at <= now) return refuse(OidcRefusal::State, "expired state");
    if (binding.empty() || sodium_memcmp(sha256(binding).data(), p.binding_hash.data(), crypto_hash_sha256_BYTES) != 0)
        return refuse(OidcRefusal::State, "state of another browser");
    if (!error.empty() || code.empty()) return refuse(OidcRefusal::ProviderError, "the provider sent no code");
    if (!iss.empty() && iss != config_.issuer) return refuse(OidcRefusal::ProviderError, "another issuer answered");

    const auto d = discovery();
    if (!d) return refuse(OidcRefusal::Exchange, d.error().message);
    const std::string form = fmt::format("grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}",
                                         http::form_encode(code), http::form_encode(config_.redirect_uri), p.verifier);
    const auto reply = fetch_(d->token_endpoint, &form);
    if (!reply) return refuse(OidcRefusal::Exchange, reply.error().message);
    if (reply->status != 200)
        return refuse(OidcRefusal::Exchange, fmt::format("the token endpoint answered HTTP {}", reply->status));
    const auto tokens = json_reply(*reply, "token answer");
    if (!tokens) return refuse(OidcRefusal::Exchange, tokens.error().message);
    const std::string id_token = string_value(*tokens, "id_token");
    if (id_token.empty()) return refuse(OidcRefusal::Exchange, "the token answer has no ID token");

    IdTokenExpectation expect{config_.issuer, config_.client_id, p.nonce, now, config_.leeway_seconds};
    auto jwks = keys(false);
    if (!jwks) return refuse(OidcRefusal::Exchange, jwks.error().message);
    auto checked = check_id_token(id_token, *jwks, expect);
    if (checked.problem == IdTokenProblem::UnknownKey) {
        jwks = keys(true);
        if (!jwks) return refuse(OidcRefusal::Exchange, jwks.error().message);
        checked = check_id_token(id_token, *jwks, expect);
    }
    if (checked.problem) return refuse(OidcRefusal::IdToken, std::string(id_token_problem_name(*checked.problem)));
    out.claims = std::move(checked.claims);
    out.id_token = id_token;
    return out;
}

std::string OidcClient::end_session_url(std::string_view id_token) {
    const auto d = discovery();
    if (!d || d->end_session_endpoint.empty()) return {};
    std::string url = d->end_session_endpoint + (d->end_session_endpoint.find('?') == std::string::npos ? "?" : "&");
    url += "client_id=" + http::form_encode(config_.client_id);
    if (!id_token.empty()) url += "&id_token_hint=" + std::string(id_token);
    if (!config_.post_logout_redirect_uri.empty())
        url += "&post_logout_redirect_uri=" + http::form_encode(config_.post_logout_redirect_uri);
    return url;
}

void OidcClient::remember_session(int64_t session, std::string id_token) {
    const int64_t now = clock_.now();
    const std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const auto& e) { return now - e.second.first >= kSessionMemorySeconds; });
    sessions_[session] = {now, std::move(id_token)};
}

std::string OidcClient::forget_session(int64_t session) {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) return {};
    std::string token = std::move(it->second.second);
    sessions_.erase(it);
    return token;
}

}  // namespace grip::auth
