// /api/v1/sessions/oidc: signing in through the municipality's identity
// provider (OpenID Connect, see auth/oidc_client.h). The start sends the
// browser to the provider; the callback checks what comes back, maps the
// claims to a role and starts a Grip session as a password sign-in would.
// A refusal sends the browser to the sign-in screen with a code the web
// interface explains in Dutch (never a value of the user's in the URL).

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/security_events.h"
#include "api/services.h"
#include "api/session_cookie.h"
#include "auth/oidc_accounts.h"
#include "auth/oidc_client.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::field;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// The cookie that ties a sign-in in progress to the browser it began in (so
// that nobody can make another's browser finish a sign-in of theirs). Lax:
// the provider's redirect back is a top-level navigation from another site.
std::string binding_cookie_name(const Settings& settings) {
    return settings.session_cookie.starts_with("__Host-") ? "__Host-grip_oidc" : "grip_oidc";
}

std::string binding_cookie(const Settings& settings, std::string_view value, bool remove) {
    return fmt::format("{}={}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", binding_cookie_name(settings),
                       value, remove ? 0 : auth::OidcClient::kPendingSeconds);
}

http::Response redirect(std::string_view location) {
    http::Response response{status::see_other, 11};
    response.set(field::location, location);
    response.set(field::cache_control, "no-store");
    response.prepare_payload();
    return response;
}

http::Response not_configured() {
    return problem(status::not_found, "sign-in through an identity provider is not configured (grip serve --oidc)");
}

Answer configuration(Call& call) {
    const auto* oidc = call.services.oidc;
    return json_response(status::ok,
                         json::object{{"enabled", oidc != nullptr},
                                      {"label", oidc ? json::value(oidc->config().label) : json::value(nullptr)}});
}

Answer start_oidc_sign_in(Call& call) {
    auto* oidc = call.services.oidc;
    if (!oidc) return not_configured();
    auto started = oidc->start();
    if (!started) {
        spdlog::warn("OpenID Connect sign-in could not start: {}", started.error().message);
        return problem(status::bad_gateway, "the identity provider cannot be reached: try again later");
    }
    auto response = redirect(started->authorization_url);
    response.set(field::set_cookie, binding_cookie(call.services.settings, started->browser_binding, false));
    return response;
}

// The refusal: logged (the user name when known, never a claim's value) and
// the browser sent to the sign-in screen with the reason's code.
Answer refuse(Call& call, std::string_view reason, std::string detail, const std::string& user) {
    const auto result = reason == "no_role" || reason == "account" || reason == "second_factor"
                            ? privacy::SecurityResult::Denied
                            : privacy::SecurityResult::Failed;
    if (auto logged = log_security(call, privacy::SecurityEvent::SignIn, result, user.empty() ? "-" : user,
                                   "oidc " + std::move(detail));
        !logged)
        spdlog::error("security log: {}", logged.error().message);
    auto response = redirect(fmt::format("/aanmelden?oidc={}", reason));
    response.set(field::set_cookie, binding_cookie(call.services.settings, "", true));
    return response;
}

Answer callback(Call& call) {
    auto* oidc = call.services.oidc;
    if (!oidc) return not_configured();
    const auto finished =
        oidc->finish(call.query_value("state"), call.query_value("code"), call.query_value("error"),
                     call.query_value("iss"), cookie_value(call.request, binding_cookie_name(call.services.settings)));
    if (finished.refusal) {
        const std::string_view reason = auth::oidc_refusal_name(*finished.refusal);
        std::string detail(reason);
        if (*finished.refusal == auth::OidcRefusal::IdToken) detail += " " + finished.detail;
        if (*finished.refusal == auth::OidcRefusal::Exchange)
            spdlog::warn("OpenID Connect code exchange failed: {}", finished.detail);
        return refuse(call, reason, std::move(detail), {});
    }
    const auto& config = oidc->config();
    const auto mapped = auth::map_claims(config, finished.claims);
    if (!mapped) return refuse(call, "id_token", "id_token claims", {});
    if (mapped->role.empty()) return refuse(call, "no_role", "no_role", mapped->username);
    // A role with personal data needs a second factor, when the installation asks the claims for one.
    if (const auth::Role* role = call.services.roles.find(mapped->role);
        role && role->personal_data && !config.second_factor_claim.empty() && !mapped->second_factor)
        return refuse(call, "second_factor", "second_factor", mapped->username);
    const auto account = auth::oidc_account(*call.db.store, call.services.clock, config.issuer,
                                            std::string_view(finished.claims.at("sub").get_string()), *mapped);
    if (!account) return account.error();
    if (!*account) return refuse(call, "account", "account", mapped->username);
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto session = TRY(accounts.start_session((*account)->id));
    if (session.result != auth::SignInResult::Ok) return refuse(call, "account", "account", mapped->username);
    oidc->remember_session(session.actor->session, finished.id_token);
    if (auto logged = log_security(call, privacy::SecurityEvent::SignIn, privacy::SecurityResult::Ok, mapped->username,
                                   "oidc", &*session.actor);
        !logged)
        spdlog::error("security log: {}", logged.error().message);
    auto response = redirect("/");
    response.insert(field::set_cookie, session_cookie(call.services.settings.session_cookie, session.session_token));
    response.insert(field::set_cookie, binding_cookie(call.services.settings, "", true));
    return response;
}

Answer sign_out_oidc(Call& call) {
    if (call.actor->via != auth::Actor::Via::Session)
        return problem(status::conflict, "an API token is not a session: revoke it with `grip token revoke`");
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    TRY(accounts.sign_out(call.actor->session));
    auto* oidc = call.services.oidc;
    const std::string id_token = oidc ? oidc->forget_session(call.actor->session) : std::string();
    if (auto logged = log_security(call, privacy::SecurityEvent::SignOut, privacy::SecurityResult::Ok, call.actor->name,
                                   id_token.empty() ? "" : "oidc");
        !logged)
        return logged.error();
    const std::string url = id_token.empty() ? std::string() : oidc->end_session_url(id_token);
    call.set_headers.emplace_back("Set-Cookie",
                                  session_cookie(call.services.settings.session_cookie, "", Removal::Yes));
    return json_response(status::ok,
                         json::object{{"end_session_url", url.empty() ? json::value(nullptr) : json::value(url)}});
}

}  // namespace

void add_oidc_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/sessions/oidc/configuration",
                Access::Public,
                "",
                configuration,
                {"getOidcConfiguration",
                 "Whether sign-in through the identity provider is offered, and its button's label",
                 "sessions",
                 {},
                 "",
                 {},
                 {{200, "Offered or not", "OidcConfiguration"}}}});
    router.add({verb::get,
                "/api/v1/sessions/oidc",
                Access::Public,
                "",
                start_oidc_sign_in,
                {"startOidcSignIn",
                 "Sign in through the identity provider: sends the browser there (authorization code flow with PKCE)",
                 "sessions",
                 {},
                 "",
                 {},
                 {{303, "To the provider's authorization endpoint", ""},
                  {404, "Not configured", "Problem"},
                  {502, "The provider cannot be reached", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/sessions/oidc/callback",
                Access::Public,
                "",
                callback,
                {"finishOidcSignIn",
                 "The provider's redirect back: checks state and ID token, maps the claims to a role, starts a session",
                 "sessions",
                 {{"code", "The authorization code"},
                  {"state", "The sign-in's state"},
                  {"error", "The provider's error, if any"},
                  {"iss", "The provider's issuer (RFC 9207), if it sends it"}},
                 "",
                 {},
                 {{303, "Signed in (to /, the session cookie set) or refused (to /aanmelden?oidc=reason)", ""},
                  {404, "Not configured", "Problem"}}}});
    router.add(
        {verb::post,
         "/api/v1/sessions/oidc/sign-out",
         Access::SignedIn,
         "",
         sign_out_oidc,
         {"signOutOidc",
          "Sign out: ends the session, and gives the provider's sign-out URL when signed in there",
          "sessions",
          {},
          "",
          {},
          {{200, "Signed out; end_session_url is where the browser goes to sign out at the provider", "OidcSignOut"},
           {401, "Not signed in", "Problem"},
           {403, "CSRF token missing or wrong", "Problem"},
           {409, "Signed in with an API token, not a session", "Problem"}}}});
}

}  // namespace grip::api
