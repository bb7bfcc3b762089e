// /api/v1/sessions: signing in with a user name and password (a session
// cookie), who is signed in (with the CSRF token for writes), signing out;
// the steps a sign-in may still need (a second factor's code, its
// enrolment, a forced password change) and changing one's own password.

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/security_events.h"
#include "api/services.h"
#include "api/session_cookie.h"
#include "common/json_fields.h"
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
                     {"organisation",
                      actor.organisation.empty() ? json::value(nullptr) : json::value(actor.organisation)},
                     {"locations", std::move(locations)},
                     {"via", actor.via == auth::Actor::Via::Session ? "session" : "token"},
                     {"personal_data", role.personal_data},
                     {"scope", role.own_scope() ? "own" : "all"},
                     {"read", std::move(read)},
                     {"write", std::move(write)},
                     {"may", std::move(may)}};
    // A role that reads the figures as published (docs/disclosure.md): the
    // dashboard offers it calendar periods only, no date ranges.
    if (role.public_figures) out["public_figures"] = true;
    if (actor.via == auth::Actor::Via::Session) out["csrf_token"] = actor.csrf_token;
    const auto pending = auth::pending_name(actor.pending);
    out["pending"] = pending.empty() ? json::value(nullptr) : json::value(json::string(pending));
    return out;
}

http::Response throttled(int64_t retry_after) {
    auto response =
        problem(status::too_many_requests, "too many failed attempts from this address: wait before trying again");
    response.set(boost::beast::http::field::retry_after, std::to_string(retry_after));
    return response;
}

// POST /api/v1/sessions/current/second-factor/enrolment: a new TOTP secret,
// as text, as an otpauth:// URI and as the URI's QR code.
Answer begin_enrolment(Call& call) {
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto enrolment = TRY(accounts.begin_enrolment(*call.actor, call.services.keys));
    if (auto logged = log_security(call, privacy::SecurityEvent::UserChanged, privacy::SecurityResult::Ok,
                                   call.actor->name, "second factor enrolment started");
        !logged)
        return logged.error();
    json::array qr;
    for (const auto& row : enrolment.qr) qr.push_back(json::string(row));
    auto response =
        json_response(status::created,
                      json::object{{"secret", enrolment.secret}, {"uri", enrolment.uri}, {"qr", std::move(qr)}});
    // The secret is in this answer only: no cache keeps it.
    response.set(boost::beast::http::field::cache_control, "no-store");
    return response;
}

// POST /api/v1/sessions/current/second-factor: the code. Wrong answers are
// 400, not 401: a 401 would make the browser forget the half-finished session.
Answer second_factor(Call& call) {
    auto body = TRY(json_object_body(call));
    const auto* code = string_field(body, "code");
    if (!code || code->empty()) return problem(status::bad_request, "give the code", {{"code", "required text"}});
    const bool enrolling = call.actor->pending == auth::Actor::Pending::EnrolSecondFactor;
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto result = accounts.verify_second_factor(*call.actor, *code, call.services.keys, call.services.signin_throttle,
                                                http::client_key(call.info.client_ip));
    if (!result) return result.error();
    const auto logged_result = result->result == auth::SignInResult::Ok          ? privacy::SecurityResult::Ok
                               : result->result == auth::SignInResult::Throttled ? privacy::SecurityResult::Throttled
                                                                                 : privacy::SecurityResult::Failed;
    if (auto logged = log_security(call, privacy::SecurityEvent::SignIn, logged_result, call.actor->name,
                                   enrolling ? "second factor enrolment" : "second factor");
        !logged)
        return logged.error();
    switch (result->result) {
        case auth::SignInResult::WrongCredentials:
            return problem(status::bad_request, "the code is wrong, or was used already",
                           {{"code", "the current six digits of the authenticator app"}});
        case auth::SignInResult::Throttled: return throttled(result->retry_after);
        case auth::SignInResult::Ok: break;
    }
    call.set_headers.emplace_back("Set-Cookie",
                                  session_cookie(call.services.settings.session_cookie, result->session_token));
    return json_response(status::ok, who(*result->actor));
}

// POST /api/v1/sessions/current/password: one's own password, with the current one.
Answer change_password(Call& call) {
    auto body = TRY(json_object_body(call));
    const auto* current = string_field(body, "current_password");
    const auto* next = string_field(body, "new_password");
    std::vector<InvalidParam> invalid;
    if (!current || current->empty()) invalid.push_back({"current_password", "required text"});
    if (!next || next->empty()) invalid.push_back({"new_password", "required text"});
    if (!invalid.empty()) return problem(status::bad_request, "give the current and the new password", invalid);
    if (call.actor->via != auth::Actor::Via::Session)
        return problem(status::conflict, "an API token has no password to change");
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto result = accounts.change_password(*call.actor, *current, *next, call.services.signin_throttle,
                                           http::client_key(call.info.client_ip));
    if (!result && result.error().code == ErrorCode::Invalid) {
        (void)log_security(call, privacy::SecurityEvent::UserChanged, privacy::SecurityResult::Failed, call.actor->name,
                           "password change: new password refused");
        return problem(status::bad_request, "the new password is not valid",
                       {{"new_password", result.error().message}});
    }
    if (!result) return result.error();
    const auto logged_result = result->result == auth::SignInResult::Ok          ? privacy::SecurityResult::Ok
                               : result->result == auth::SignInResult::Throttled ? privacy::SecurityResult::Throttled
                                                                                 : privacy::SecurityResult::Failed;
    if (auto logged = log_security(call, privacy::SecurityEvent::UserChanged, logged_result, call.actor->name,
                                   "password changed");
        !logged)
        return logged.error();
    switch (result->result) {
        case auth::SignInResult::WrongCredentials:
            return problem(status::bad_request, "the current password is wrong",
                           {{"current_password", "the password you signed in with"}});
        case auth::SignInResult::Throttled: return throttled(result->retry_after);
        case auth::SignInResult::Ok: break;
    }
    return json_response(status::ok, who(*result->actor));
}

Answer sign_in(Call& call) {
    auto body = TRY(json_object_body(call));
    const auto* name = body.if_contains("username");
    const auto* password = body.if_contains("password");
    std::vector<InvalidParam> invalid;
    if (!name || !name->is_string() || name->get_string().empty()) invalid.push_back({"username", "required text"});
    if (!password || !password->is_string() || password->get_string().empty())
        invalid.push_back({"password", "required text"});
    if (!invalid.empty()) return problem(status::bad_request, "sign in with a user name and a password", invalid);
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    auto result = accounts.sign_in(name->get_string(), password->get_string(), call.services.signin_throttle,
                                   http::client_key(call.info.client_ip));
    if (!result) return result.error();
    // The name as typed (withheld when it looks like a BSN or a token), never the password.
    const auto signed_in = result->result == auth::SignInResult::Ok          ? privacy::SecurityResult::Ok
                           : result->result == auth::SignInResult::Throttled ? privacy::SecurityResult::Throttled
                                                                             : privacy::SecurityResult::Failed;
    if (auto logged = log_security(call, privacy::SecurityEvent::SignIn, signed_in, std::string(name->get_string()), {},
                                   result->actor ? &*result->actor : nullptr);
        !logged)
        return logged.error();
    switch (result->result) {
        case auth::SignInResult::WrongCredentials:
            return problem(status::unauthorized, "the user name or the password is wrong");
        case auth::SignInResult::Throttled: return throttled(result->retry_after);
        case auth::SignInResult::Ok: break;
    }
    call.set_headers.emplace_back("Set-Cookie",
                                  session_cookie(call.services.settings.session_cookie, result->session_token));
    return json_response(status::created, who(*result->actor));
}

Answer current(Call& call) { return json_response(status::ok, who(*call.actor)); }

Answer sign_out(Call& call) {
    if (call.actor->via != auth::Actor::Via::Session)
        return problem(status::conflict, "an API token is not a session: revoke it with `grip token revoke`");
    auth::Accounts accounts(*call.db.store, call.services.roles, call.services.clock);
    TRY(accounts.sign_out(call.actor->session));
    if (auto logged =
            log_security(call, privacy::SecurityEvent::SignOut, privacy::SecurityResult::Ok, call.actor->name);
        !logged)
        return logged.error();
    call.set_headers.emplace_back("Set-Cookie",
                                  session_cookie(call.services.settings.session_cookie, "", Removal::Yes));
    http::Response response{status::no_content, 11};
    response.prepare_payload();
    return response;
}

}  // namespace

void add_session_routes(Router& router) {
    router.add({verb::post,
                "/api/v1/sessions",
                Access::Public,
                "",
                sign_in,
                {"signIn",
                 "Sign in: sets the session cookie",
                 "sessions",
                 {},
                 "SignIn",
                 {"application/json"},
                 {{201, "Signed in; the session cookie is set", "Session"},
                  {400, "User name or password missing", "Problem"},
                  {401, "Wrong user name or password", "Problem"},
                  {415, "Not JSON", "Problem"},
                  {429, "Too many failed attempts from this address: wait as Retry-After says", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/sessions/current",
                Access::SigningIn,
                "",
                current,
                {"getSession",
                 "Who is signed in, with the role's permissions and the CSRF token",
                 "sessions",
                 {},
                 "",
                 {},
                 {{200, "The signed-in user", "Session"}, {401, "Not signed in", "Problem"}}}});
    router.add({verb::delete_,
                "/api/v1/sessions/current",
                Access::SigningIn,
                "",
                sign_out,
                {"signOut",
                 "Sign out: ends the session on the server",
                 "sessions",
                 {},
                 "",
                 {},
                 {{204, "Signed out", ""},
                  {401, "Not signed in", "Problem"},
                  {403, "CSRF token missing or wrong", "Problem"},
                  {409, "Signed in with an API token, not a session", "Problem"}}}});
    router.add(
        {verb::post,
         "/api/v1/sessions/current/second-factor/enrolment",
         Access::SigningIn,
         "",
         begin_enrolment,
         {"beginSecondFactorEnrolment",
          "A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) for the authenticator app, as text, otpauth:// URI "
          "and QR code; confirmed by the first code",
          "sessions",
          {},
          "",
          {},
          {{201, "The secret, shown this once", "SecondFactorEnrolment"},
           {401, "Not signed in", "Problem"},
           {403, "CSRF token missing or wrong", "Problem"},
           {409, "The session is not enrolling a second factor", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/sessions/current/second-factor",
                Access::SigningIn,
                "",
                second_factor,
                {"giveSecondFactor",
                 "The second factor's code after the password (or the first code of an enrolment): the session "
                 "is replaced by a new, signed-in one",
                 "sessions",
                 {},
                 "SecondFactorCode",
                 {"application/json"},
                 {{200, "Signed in; a new session cookie is set", "Session"},
                  {400, "The code is missing, wrong or used already", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "CSRF token missing or wrong", "Problem"},
                  {409, "The session is not waiting for a code", "Problem"},
                  {415, "Not JSON", "Problem"},
                  {429, "Too many failed attempts: wait as Retry-After says", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/sessions/current/password",
                Access::SigningIn,
                "",
                change_password,
                {"changePassword",
                 "Change one's own password, with the current one (also what a password reset by beheer asks); the "
                 "user's other sessions end",
                 "sessions",
                 {},
                 "PasswordChange",
                 {"application/json"},
                 {{200, "Changed", "Session"},
                  {400, "A password is missing, the current one is wrong, or the new one is not valid", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "CSRF token missing or wrong", "Problem"},
                  {409, "Signed in with an API token, or the second factor's code comes first", "Problem"},
                  {415, "Not JSON", "Problem"},
                  {429, "Too many failed attempts: wait as Retry-After says", "Problem"}}}});
}

}  // namespace grip::api
