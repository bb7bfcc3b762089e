// /api/v1/sessions: signing in with a user name and password (a session
// cookie), who is signed in (with the CSRF token for writes), signing out.

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/security_events.h"
#include "api/services.h"
#include "api/session_cookie.h"
#include "http/client_limits.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

json::object who(const auth::Actor& actor) {
    const auth::Role& role = *actor.role;
    json::array read, write, may;
    for (auto kind : records::kAllKinds) {
        if (role.can_read(kind)) read.push_back(json::string(records::kind_name(kind)));
        if (role.can_write(kind)) write.push_back(json::string(records::kind_name(kind)));
    }
    for (const auto& p : role.permissions) may.push_back(json::string(p));
    json::array locations;
    for (const auto& l : actor.locations) locations.push_back(json::string(l));
    json::object out{{"user", actor.name},
                     {"role", role.name},
                     {"role_label", role.label},
                     {"organisation", actor.organisation.empty() ? json::value(nullptr) : json::value(actor.organisation)},
                     {"locations", std::move(locations)},
                     {"via", actor.via == auth::Actor::Via::Session ? "session" : "token"},
                     {"personal_data", role.personal_data},
                     {"scope", role.scope == auth::Role::Scope::Own ? "own" : "all"},
                     {"read", std::move(read)},
                     {"write", std::move(write)},
                     {"may", std::move(may)}};
    if (actor.via == auth::Actor::Via::Session) out["csrf_token"] = actor.csrf_token;
    return out;
}

http::Response sign_in(Call& call) {
    auto body = json_object_body(call);
    if (!body) return problem_from(body.error());
    const auto* name = body->if_contains("username");
    const auto* password = body->if_contains("password");
    std::vector<InvalidParam> invalid;
    if (!name || !name->is_string() || name->get_string().empty()) invalid.push_back({"username", "required text"});
    if (!password || !password->is_string() || password->get_string().empty())
        invalid.push_back({"password", "required text"});
    if (!invalid.empty()) return problem(status::bad_request, "sign in with a user name and a password", invalid);
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto result = accounts.sign_in(name->get_string(), password->get_string(), call.services.signin_throttle,
                                   http::client_key(call.info.client_ip));
    if (!result) return problem_from(result.error());
    // The name as typed (withheld when it looks like a BSN or a token), never the password.
    const auto signed_in = result->result == auth::SignInResult::Ok ? privacy::SecurityResult::Ok
                           : result->result == auth::SignInResult::Throttled ? privacy::SecurityResult::Throttled
                                                                             : privacy::SecurityResult::Failed;
    if (auto logged = log_security(call, privacy::SecurityEvent::SignIn, signed_in, std::string(name->get_string()), {},
                                   result->actor ? &*result->actor : nullptr);
        !logged)
        return problem_from(logged.error());
    switch (result->result) {
        case auth::SignInResult::WrongCredentials:
            return problem(status::unauthorized, "the user name or the password is wrong");
        case auth::SignInResult::Throttled: {
            auto response = problem(status::too_many_requests,
                                    "too many failed attempts to sign in from this address: wait before trying again");
            response.set(boost::beast::http::field::retry_after, std::to_string(result->retry_after));
            return response;
        }
        case auth::SignInResult::Ok: break;
    }
    call.set_headers.emplace_back("Set-Cookie", session_cookie(call.services.settings.session_cookie, result->session_token));
    return json_response(status::created, who(*result->actor));
}

http::Response current(Call& call) { return json_response(status::ok, who(*call.actor)); }

http::Response sign_out(Call& call) {
    if (call.actor->via != auth::Actor::Via::Session)
        return problem(status::conflict, "an API token is not a session: revoke it with `grip token revoke`");
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    if (auto done = accounts.sign_out(call.actor->session); !done) return problem_from(done.error());
    if (auto logged = log_security(call, privacy::SecurityEvent::SignOut, privacy::SecurityResult::Ok, call.actor->name);
        !logged)
        return problem_from(logged.error());
    call.set_headers.emplace_back("Set-Cookie", session_cookie(call.services.settings.session_cookie, "", Removal::Yes));
    http::Response response{status::no_content, 11};
    response.prepare_payload();
    return response;
}

}  // namespace

void add_session_routes(Router& router) {
    router.add({verb::post, "/api/v1/sessions", Access::Public, "", sign_in,
                {"signIn", "Sign in: sets the session cookie", "sessions", {}, "SignIn", {"application/json"},
                 {{201, "Signed in; the session cookie is set", "Session"},
                  {400, "User name or password missing", "Problem"},
                  {401, "Wrong user name or password", "Problem"},
                  {415, "Not JSON", "Problem"},
                  {429, "Too many failed attempts from this address: wait as Retry-After says", "Problem"}}}});
    router.add({verb::get, "/api/v1/sessions/current", Access::SignedIn, "", current,
                {"getSession", "Who is signed in, with the role's permissions and the CSRF token", "sessions", {}, "", {},
                 {{200, "The signed-in user", "Session"}, {401, "Not signed in", "Problem"}}}});
    router.add({verb::delete_, "/api/v1/sessions/current", Access::SignedIn, "", sign_out,
                {"signOut", "Sign out: ends the session on the server", "sessions", {}, "", {},
                 {{204, "Signed out", ""},
                  {401, "Not signed in", "Problem"},
                  {403, "CSRF token missing or wrong", "Problem"},
                  {409, "Signed in with an API token, not a session", "Problem"}}}});
}

}  // namespace grip::api
