// /api/v1/users and /api/v1/tokens: the functional administrator (beheer)
// manages accounts and API tokens through the API, as `grip user` and
// `grip token` do on the command line. Passwords and token hashes never
// leave the server; a new token is in the answer to its creation only.
// Users and tokens are addressed by their numeric id (no names in URLs).
// Tokens are for system accounts (partner systems) only, and `beheer` gives
// only the roles whose `granted_by` in roles.json names its role; every act,
// and every refusal, is written in the security log.

#include <limits>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/security_events.h"
#include "api/services.h"
#include "auth/accounts.h"
#include "common/json_fields.h"
#include "storage/row_values.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using privacy::SecurityEvent;
using privacy::SecurityResult;

namespace {

std::optional<int64_t> user_id_of(const Call& call) {
    return whole_number(call.path.at("id"), 1, std::numeric_limits<int64_t>::max());
}

json::object user_json(const storage::UserRow& u) {
    json::array locations;
    for (const auto& l : u.locations) locations.push_back(json::string(l));
    return {{"id", u.id},
            {"name", u.name},
            {"role", u.role},
            {"organisation", u.organisation.empty() ? json::value(nullptr) : json::value(u.organisation)},
            {"locations", std::move(locations)},
            {"kind", storage::user_kind_text(u.kind)},
            {"disabled", u.disabled},
            {"created_at", u.created_at}};
}

auth::Accounts accounts_of(Call& call) {
    return auth::Accounts(*call.db.store, call.services.roles, call.services.clock);
}

Answer list_users(Call& call) {
    auto accounts = accounts_of(call);
    auto users = TRY(accounts.users());
    json::array items;
    for (const auto& u : users) items.push_back(user_json(u));
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

Answer add_user(Call& call) {
    auto body = TRY(json_object_body(call));
    std::vector<InvalidParam> invalid;
    const auto* name = string_field(body, "name");
    const auto* role = string_field(body, "role");
    const auto* password = string_field(body, "password");
    const auto* organisation = body.if_contains("organisation");
    const auto* locations = body.if_contains("locations");
    const auto* kind_text = string_field(body, "kind");
    for (const auto& [key, value] : body)
        if (key != "name" && key != "role" && key != "password" && key != "organisation" && key != "locations" &&
            key != "kind")
            invalid.push_back({std::string(key), "unknown field"});
    if (!name || name->empty()) invalid.push_back({"name", "required text"});
    const auth::Role* granted = role ? call.services.roles.find(std::string(*role)) : nullptr;
    if (!role || role->empty()) invalid.push_back({"role", "required text"});
    else if (!granted) invalid.push_back({"role", "must be a role of the role table"});
    if (body.contains("kind") && (!kind_text || (*kind_text != "person" && *kind_text != "system")))
        invalid.push_back({"kind", "person or system"});
    const auto kind = kind_text && *kind_text == "system" ? storage::UserKind::System : storage::UserKind::Person;
    if (kind == storage::UserKind::System) {
        if (body.contains("password"))
            invalid.push_back({"password", "a system account has no password: it works with API tokens"});
    } else if (!password || password->size() < 12) {
        invalid.push_back({"password", "required text of at least 12 characters"});
    }
    if (organisation && !organisation->is_null() && !organisation->is_string())
        invalid.push_back({"organisation", "must be a string"});
    std::vector<std::string> location_ids;
    if (locations && !locations->is_null()) {
        if (!locations->is_array()) invalid.push_back({"locations", "must be a list of texts"});
        else
            for (const auto& l : locations->get_array()) {
                if (!l.is_string() || l.get_string().empty()) {
                    invalid.push_back({"locations", "must be a list of texts"});
                    break;
                }
                location_ids.emplace_back(l.get_string());
            }
    }
    if (!invalid.empty()) return problem(status::bad_request, "the user is not valid", invalid);
    const std::string role_detail = "role=" + std::string(*role);
    if (!granted->grantable_by(call.role().name)) {
        if (auto logged =
                log_security(call, SecurityEvent::RoleGranted, SecurityResult::Denied, std::string(*name), role_detail);
            !logged)
            return logged.error();
        return problem(status::forbidden,
                       fmt::format("the role {} is given by the operator on the server (grip user add), not through "
                                   "the API: it sees personal data or the processing log (granted_by in roles.json)",
                                   granted->name));
    }
    const std::string org = organisation && organisation->is_string() ? std::string(organisation->get_string()) : "";
    auto accounts = accounts_of(call);
    auto id = accounts.add_user(*name, *role, org, location_ids, password ? std::string_view(*password) : "", kind);
    if (!id) {
        if (id.error().code == ErrorCode::Conflict) return problem(status::conflict, "a user with this name exists");
        if (id.error().code == ErrorCode::Invalid)
            return problem(status::bad_request, "the user is not valid",
                           {{"name", "letters, digits, '.', '_' and '-', at most 64"}});
        return id.error();
    }
    for (const auto& [event, detail] :
         {std::pair{SecurityEvent::UserCreated, fmt::format("id={} kind={}", *id, storage::user_kind_text(kind))},
          std::pair{SecurityEvent::RoleGranted, role_detail}})
        if (auto logged = log_security(call, event, SecurityResult::Ok, std::string(*name), detail); !logged)
            return logged.error();
    auto users = TRY(accounts.users());
    for (const auto& u : users)
        if (u.id == *id) return json_response(status::created, user_json(u));
    return Error::storage("the new user was not found");
}

Answer disable_user(Call& call) {
    const auto id = user_id_of(call);
    if (!id) return problem(status::not_found, "no such user");
    auto accounts = accounts_of(call);
    auto users = TRY(accounts.users());
    for (auto u : users) {
        if (u.id != *id) continue;
        TRY(accounts.disable_user(u.name));
        if (auto logged =
                log_security(call, SecurityEvent::UserDisabled, SecurityResult::Ok, u.name, fmt::format("id={}", u.id));
            !logged)
            return logged.error();
        u.disabled = true;
        return json_response(status::ok, user_json(u));
    }
    return problem(status::not_found, "no such user");
}

// The user of the path's id in the caller's municipality, or nullopt.
std::optional<storage::UserRow> user_of(Call& call, auth::Accounts& accounts) {
    const auto id = user_id_of(call);
    if (!id) return std::nullopt;
    auto users = accounts.users();
    if (!users) return std::nullopt;
    for (auto& u : *users)
        if (u.id == *id) return u;
    return std::nullopt;
}

// A password and a second factor both reset by beheer would let beheer sign
// in as the user: for a role with personal data, which beheer may not give
// (granted_by), the API does one while the other is in use by its owner;
// the operator on the server (grip user) may do both.
Result<std::optional<http::Response>> refuse_takeover(Call& call, const storage::UserRow& user, std::string_view what) {
    const auth::Role* role = call.services.roles.find(user.role);
    using Refusal = std::optional<http::Response>;
    if (!role || role->grantable_by(call.role().name)) return Refusal();
    auto security = TRY(call.db.store->account_security(user.id));
    const bool other_open = what == "password reset" ? !security.totp_confirmed : security.must_change_password;
    if (!other_open) return Refusal();
    if (auto logged =
            log_security(call, SecurityEvent::UserChanged, SecurityResult::Denied, user.name, std::string(what));
        !logged)
        return logged.error();
    return Refusal(problem(status::conflict,
                           fmt::format("the user's {} is reset already and not yet renewed by the user: both at once "
                                       "is the operator's (grip user reset-password, grip user reset-second-factor)",
                                       what == "password reset" ? "second factor" : "password")));
}

Answer reset_password(Call& call) {
    auto accounts = accounts_of(call);
    auto user = user_of(call, accounts);
    if (!user || user->kind != storage::UserKind::Person) return problem(status::not_found, "no such person");
    if (auto refused = TRY(refuse_takeover(call, *user, "password reset"))) return std::move(*refused);
    auto password = TRY(accounts.reset_password(user->name));
    if (auto logged = log_security(call, SecurityEvent::UserChanged, SecurityResult::Ok, user->name, "password reset");
        !logged)
        return logged.error();
    auto response = json_response(status::ok, json::object{{"user", user_json(*user)}, {"password", password}});
    response.set(boost::beast::http::field::cache_control, "no-store");
    return response;
}

Answer reset_second_factor(Call& call) {
    auto accounts = accounts_of(call);
    auto user = user_of(call, accounts);
    if (!user || user->kind != storage::UserKind::Person) return problem(status::not_found, "no such person");
    if (auto refused = TRY(refuse_takeover(call, *user, "second factor reset"))) return std::move(*refused);
    TRY(accounts.reset_second_factor(user->name));
    if (auto logged =
            log_security(call, SecurityEvent::UserChanged, SecurityResult::Ok, user->name, "second factor reset");
        !logged)
        return logged.error();
    return json_response(status::ok, user_json(*user));
}

// The role table as beheer needs it to give roles: each role's Dutch label,
// whether it sees personal data, and whether the caller may give it
// (granted_by in roles.json; the others are the operator's, on the server).
Answer list_roles(Call& call) {
    json::array items;
    for (const auto& r : call.services.roles.roles())
        items.push_back(json::object{{"name", r.name},
                                     {"label", r.label},
                                     {"personal_data", r.personal_data},
                                     {"scope", r.own_scope() ? "own" : "all"},
                                     {"grantable", r.grantable_by(call.role().name)}});
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

// A user's role, organisation and locations, changed by beheer: only between
// roles beheer may give (a role with personal data or the processing log is
// the operator's: grip user change), never its own account, and the user's
// sessions end so that the change holds from the next request.
Answer change_user(Call& call) {
    auto body = TRY(json_object_body(call));
    auto accounts = accounts_of(call);
    auto user = user_of(call, accounts);
    if (!user) return problem(status::not_found, "no such user");
    std::vector<InvalidParam> invalid;
    for (const auto& [key, value] : body)
        if (key != "role" && key != "organisation" && key != "locations")
            invalid.push_back({std::string(key), "unknown field"});
    std::string role = user->role;
    if (const auto* r = body.if_contains("role")) {
        if (!r->is_string() || !call.services.roles.find(r->get_string()))
            invalid.push_back({"role", "must be a role of the role table"});
        else role = std::string(r->get_string());
    }
    std::string organisation = user->organisation;
    if (const auto* o = body.if_contains("organisation")) {
        if (!o->is_null() && !o->is_string()) invalid.push_back({"organisation", "must be a string"});
        else organisation = o->is_string() ? std::string(o->get_string()) : "";
    }
    std::vector<std::string> locations = user->locations;
    if (const auto* l = body.if_contains("locations")) {
        locations.clear();
        if (!l->is_array()) invalid.push_back({"locations", "must be a list of texts"});
        else
            for (const auto& v : l->get_array()) {
                if (!v.is_string() || v.get_string().empty()) {
                    invalid.push_back({"locations", "must be a list of texts"});
                    break;
                }
                locations.emplace_back(v.get_string());
            }
    }
    if (!invalid.empty()) return problem(status::bad_request, "the change is not valid", invalid);
    if (user->id == call.actor->user)
        return problem(status::conflict, "your own role and places are changed by another administrator");
    const auth::Role* from = call.services.roles.find(user->role);
    const auth::Role* to = call.services.roles.find(role);
    if (!from || !to || !from->grantable_by(call.role().name) || !to->grantable_by(call.role().name)) {
        if (auto logged = log_security(call, SecurityEvent::RoleGranted, SecurityResult::Denied, user->name,
                                       fmt::format("role={} from={}", role, user->role));
            !logged)
            return logged.error();
        return problem(status::forbidden,
                       "a role that sees personal data or the processing log is given and changed by the operator on "
                       "the server (grip user change), not through the API (granted_by in roles.json)");
    }
    auto changed = accounts.change_user(user->name, role, organisation, locations);
    if (!changed) {
        if (changed.error().code == ErrorCode::Conflict) return problem(status::conflict, changed.error().message);
        return changed.error();
    }
    if (auto logged = log_security(call, SecurityEvent::UserChanged, SecurityResult::Ok, user->name,
                                   fmt::format("role={} organisation={} locations={}", role, organisation,
                                               fmt::join(locations, "|")));
        !logged)
        return logged.error();
    if (role != user->role)
        if (auto logged =
                log_security(call, SecurityEvent::RoleGranted, SecurityResult::Ok, user->name, "role=" + role);
            !logged)
            return logged.error();
    return json_response(status::ok, user_json(*changed));
}

Answer list_tokens(Call& call) {
    auto accounts = accounts_of(call);
    auto users = TRY(accounts.users());
    auto tokens = TRY(accounts.tokens());
    json::array items;
    for (const auto& t : tokens) {
        std::string user;
        for (const auto& u : users)
            if (u.id == t.user) user = u.name;
        items.push_back(json::object{{"id", t.id},
                                     {"user", user},
                                     {"name", t.name},
                                     {"created_at", t.created_at},
                                     {"expires_at", t.expires_at},
                                     {"revoked", t.revoked}});
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

// Whether the user of that name is a person's account of the caller's municipality.
bool is_person(Call& call, std::string_view name) {
    auto user = call.db.store->user_by_name(name);
    return user && *user && (*user)->kind == storage::UserKind::Person;
}

Answer create_token(Call& call) {
    auto body = TRY(json_object_body(call));
    std::vector<InvalidParam> invalid;
    const auto* user = string_field(body, "user");
    const auto* name = body.if_contains("name");
    const auto* days = body.if_contains("expires_days");
    for (const auto& [key, value] : body)
        if (key != "user" && key != "name" && key != "expires_days")
            invalid.push_back({std::string(key), "unknown field"});
    if (!user || user->empty()) invalid.push_back({"user", "required text"});
    if (name && !name->is_null() && !name->is_string()) invalid.push_back({"name", "must be a string"});
    if (!days || !days->is_int64() || days->get_int64() < 1 || days->get_int64() > 366)
        invalid.push_back({"expires_days", "required whole number from 1 to 366"});
    if (!invalid.empty()) return problem(status::bad_request, "the token is not valid", invalid);
    auto accounts = accounts_of(call);
    const std::string what = name && name->is_string() ? std::string(name->get_string()) : "";
    auto issued = accounts.create_token(*user, what, days->get_int64() * 86400);
    if (!issued) {
        const auto code = issued.error().code;
        if (code == ErrorCode::NotFound || code == ErrorCode::Conflict)
            return problem(status::bad_request, "the token is not valid", {{"user", "must be an active user"}});
        if (code == ErrorCode::Invalid && is_person(call, *user)) {
            if (auto logged = log_security(call, SecurityEvent::TokenCreated, SecurityResult::Denied,
                                           std::string(*user), "a person's account");
                !logged)
                return logged.error();
            return problem(status::bad_request, "the token is not valid",
                           {{"user", "must be a system account: API tokens are for partner systems, not for people"}});
        }
        if (code == ErrorCode::Invalid)
            return problem(status::bad_request, "the token is not valid", {{"name", "at most the allowed length"}});
        return issued.error();
    }
    if (auto logged = log_security(call, SecurityEvent::TokenCreated, SecurityResult::Ok, std::string(*user),
                                   fmt::format("id={} name={}", issued->id, what));
        !logged)
        return logged.error();
    return json_response(status::created, json::object{{"id", issued->id},
                                                       {"user", *user},
                                                       {"name", what},
                                                       {"token", issued->token},
                                                       {"expires_at", issued->expires_at}});
}

Answer revoke_token(Call& call) {
    const auto id = user_id_of(call);
    if (!id) return problem(status::not_found, "no such token");
    auto accounts = accounts_of(call);
    auto tokens = TRY(accounts.tokens());
    const storage::ApiTokenRow* token = nullptr;
    for (const auto& t : tokens)
        if (t.id == *id) token = &t;
    if (!token) return problem(status::not_found, "no such token");
    TRY(accounts.revoke_token(*id));
    std::string owner;
    if (auto user = call.db.store->user_by_id(token->user); user && *user) owner = (*user)->name;
    if (auto logged = log_security(call, SecurityEvent::TokenRevoked, SecurityResult::Ok, owner,
                                   fmt::format("id={} name={}", token->id, token->name));
        !logged)
        return logged.error();
    http::Response response{status::no_content, 11};
    response.prepare_payload();
    return response;
}

}  // namespace

void add_user_routes(Router& router) {
    router.add(
        {verb::get,
         "/api/v1/users",
         Access::SignedIn,
         "users.manage",
         list_users,
         {"listUsers",
          "The users, with role, organisation and locations (never a password)",
          "users",
          {},
          "",
          {},
          {{200, "The users", "UserList"}, {401, "Not signed in", "Problem"}, {403, "The role may not", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/users",
                Access::SignedIn,
                "users.manage",
                add_user,
                {"addUser",
                 "Add a person with a role and an initial password, or a system account (kind system: a partner "
                 "system, API tokens only, no password); beheer gives only the roles whose granted_by names it",
                 "users",
                 {},
                 "NewUser",
                 {"application/json"},
                 {{201, "The user", "User"},
                  {400, "The user is not valid", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not, the role is given on the server only, or CSRF token missing", "Problem"},
                  {409, "A user with this name exists", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add(
        {verb::patch,
         "/api/v1/users/{id}",
         Access::SignedIn,
         "users.manage",
         change_user,
         {"changeUser",
          "Change a user's role, organisation and locations, between the roles the caller may give; the "
          "user's sessions end",
          "users",
          {},
          "UserChange",
          {"application/json"},
          {{200, "The user as changed", "User"},
           {400, "Not a valid change", "Problem"},
           kNotSignedIn,
           {403, "The role may not do this, or the user's role (old or new) is the operator's to give", "Problem"},
           {404, "No such user", "Problem"},
           {409, "The caller's own account, or an account of the identity provider", "Problem"},
           kNotJson}}});
    router.add({verb::get,
                "/api/v1/roles",
                Access::SignedIn,
                "users.manage",
                list_roles,
                {"listRoles",
                 "The roles of the role table, and whether the caller may give each",
                 "users",
                 {},
                 "",
                 {},
                 {{200, "The roles", "RoleList"}, kNotSignedIn, kRoleMayNot}}});
    router.add({verb::post,
                "/api/v1/users/{id}/disable",
                Access::SignedIn,
                "users.manage",
                disable_user,
                {"disableUser",
                 "Disable a user: sign-in, sessions and API tokens stop working",
                 "users",
                 {},
                 "",
                 {},
                 {{200, "The disabled user", "User"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not, or CSRF token missing", "Problem"},
                  {404, "No such user", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/users/{id}/password-reset",
                Access::SignedIn,
                "users.manage",
                reset_password,
                {"resetPassword",
                 "Give a person a one-time password (in this answer only) that must be changed at the next sign-in; "
                 "the user's sessions end",
                 "users",
                 {},
                 "",
                 {},
                 {{200, "The one-time password", "PasswordReset"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not", "Problem"},
                  {404, "No such person", "Problem"},
                  {409, "The second factor is reset too: the operator does both", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/users/{id}/second-factor-reset",
                Access::SignedIn,
                "users.manage",
                reset_second_factor,
                {"resetSecondFactor",
                 "Forget a person's second factor (TOTP): the next sign-in enrols a new one; the "
                 "user's sessions end",
                 "users",
                 {},
                 "",
                 {},
                 {{200, "The user", "User"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not", "Problem"},
                  {404, "No such person", "Problem"},
                  {409, "The password is reset too: the operator does both", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/tokens",
                Access::SignedIn,
                "tokens.manage",
                list_tokens,
                {"listTokens",
                 "The API tokens (never the tokens themselves)",
                 "users",
                 {},
                 "",
                 {},
                 {{200, "The tokens", "TokenList"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/tokens",
                Access::SignedIn,
                "tokens.manage",
                create_token,
                {"createToken",
                 "Create an API token for a system account; the token is in this answer only",
                 "users",
                 {},
                 "NewToken",
                 {"application/json"},
                 {{201, "The token, shown once", "IssuedToken"},
                  {400, "The token is not valid", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not, or CSRF token missing", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::delete_,
                "/api/v1/tokens/{id}",
                Access::SignedIn,
                "tokens.manage",
                revoke_token,
                {"revokeToken",
                 "Revoke an API token: it stops working at once",
                 "users",
                 {},
                 "",
                 {},
                 {{204, "Revoked", ""},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not, or CSRF token missing", "Problem"},
                  {404, "No such token", "Problem"}}}});
}

}  // namespace grip::api
