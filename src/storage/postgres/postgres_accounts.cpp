// PostgresStore's accounts: users, sessions, API tokens and failed sign-ins
// (tables of migration 2). A user's locations are kept as a JSON array. A
// taken user name is found by the statement itself, not by a unique
// violation, which would abort the writer's whole transaction.
//
// Accounts belong to the installation: a user is found by name, id, session
// or token whatever the scope, since signing in comes before it, and the
// account tables have no row-level security. A user row names the user's
// municipality; the lists of users and tokens show the scope's own. What is
// the same on SQLite (sessions, tokens, failed sign-ins, safeguards) is
// written once in storage/account_sql.cpp.

#include <fmt/format.h>

#include "storage/account_rows.h"
#include "storage/account_sql.h"
#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

namespace {

Result<std::optional<UserRow>> one_user(const Rows& rows) {
    if (rows.empty()) return std::optional<UserRow>();
    return std::optional<UserRow>(TRY(read_user(RowAt(rows, 0))));
}

Params user_params(const UserRow& user) {
    Params p;
    p.add(std::string_view(user.name))
        .add(std::string_view(user.role))
        .add(std::string_view(user.organisation))
        .add(std::string_view(json_list(user.locations)))
        .add(std::string_view(user.password_hash))
        .add(int64_t{user.disabled ? 1 : 0});
    return p;
}

// Names compare as the unique index does: lower() of "C" text folds ASCII
// letters only, as SQLite's NOCASE.
constexpr const char* kSameName = "lower(name) = lower($1::text COLLATE \"C\")";

}  // namespace

Result<int64_t> PostgresStore::add_user(const UserRow& user) {
    TRY(check_writable());
    if (user.municipality != municipality_)
        return Error::invalid(fmt::format("a user of {} cannot be added while working for {}",
                                          user.municipality.empty() ? "no municipality" : user.municipality,
                                          municipality_));
    auto rows = TRY(conn_->query(
        fmt::format("INSERT INTO \"user\"(name, role, organisation, locations, password_hash, disabled, created_at, "
                    "municipality, kind) SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, "
                    "$7::bigint, $8::text, $9::text WHERE NOT EXISTS (SELECT 1 FROM \"user\" WHERE {}) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    kSameName),
        user_params(user)
            .add(user.created_at)
            .add(std::string_view(municipality_))
            .add(std::string_view(user_kind_text(user.kind)))));
    if (rows.empty()) return Error::conflict(fmt::format("a user named {} exists already", user.name));
    return rows.int64(0, 0);
}

Result<std::optional<UserRow>> PostgresStore::user_by_name(std::string_view name) {
    auto rows =
        TRY(conn_->query(fmt::format("SELECT {} FROM \"user\" WHERE {}", kUserColumns, kSameName), Params().add(name)));
    return one_user(rows);
}

Result<std::optional<UserRow>> PostgresStore::user_by_id(int64_t id) { return portable::user_by_id(session_, id); }

Result<std::vector<UserRow>> PostgresStore::users() {
    // SQLite sorts its NOCASE names without regard to case.
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM \"user\" WHERE {} ORDER BY lower(name)", kUserColumns,
                                             in_scope("municipality", 1)),
                                 Params().add(std::string_view(municipality_))));
    std::vector<UserRow> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back(TRY(read_user(RowAt(rows, r))));
    return out;
}

Status PostgresStore::update_user(const UserRow& user) {
    auto rows = TRY(
        conn_->query("UPDATE \"user\" SET name = $1, role = $2, organisation = $3, locations = $4, password_hash = $5, "
                     "disabled = $6 WHERE id = $7 AND NOT EXISTS (SELECT 1 FROM \"user\" o "
                     "WHERE lower(o.name) = lower($1::text COLLATE \"C\") AND o.id <> $7) RETURNING id",
                     user_params(user).add(user.id)));
    if (!rows.empty()) return ok_status();
    auto exists = TRY(conn_->query("SELECT 1 FROM \"user\" WHERE id = $1", Params().add(user.id)));
    if (exists.empty()) return Error::not_found(fmt::format("no user with id {}", user.id));
    return Error::conflict(fmt::format("a user named {} exists already", user.name));
}

Result<int64_t> PostgresStore::add_session(const SessionRow& session) {
    return portable::add_session(session_, session);
}

Result<std::optional<SessionRow>> PostgresStore::session_by_hash(std::string_view token_hash) {
    return portable::session_by_hash(session_, token_hash);
}

Status PostgresStore::touch_session(int64_t id, int64_t last_seen) {
    return portable::touch_session(session_, id, last_seen);
}

Status PostgresStore::delete_session(int64_t id) { return portable::delete_session(session_, id); }

Status PostgresStore::delete_expired_sessions(int64_t idle_before, int64_t created_before) {
    return portable::delete_expired_sessions(session_, idle_before, created_before);
}

Result<int64_t> PostgresStore::add_api_token(const ApiTokenRow& token) {
    return portable::add_api_token(session_, token);
}

Result<std::optional<ApiTokenRow>> PostgresStore::api_token_by_hash(std::string_view token_hash) {
    return portable::api_token_by_hash(session_, token_hash);
}

Result<std::vector<ApiTokenRow>> PostgresStore::api_tokens() { return portable::api_tokens(session_); }

Status PostgresStore::revoke_api_token(int64_t id) { return portable::revoke_api_token(session_, id); }

Status PostgresStore::add_failed_signin(int64_t user, int64_t at) {
    return portable::add_failed_signin(session_, user, at);
}

Result<int64_t> PostgresStore::failed_signins_since(int64_t user, int64_t since) {
    return portable::failed_signins_since(session_, user, since);
}

Status PostgresStore::delete_user_sessions(int64_t user, int64_t except) {
    return portable::delete_user_sessions(session_, user, except);
}

Status PostgresStore::set_session_pending(int64_t session, SessionPending pending) {
    return portable::set_session_pending(session_, session, pending);
}

Result<AccountSecurityRow> PostgresStore::account_security(int64_t user) {
    return portable::account_security(session_, user);
}

Status PostgresStore::set_account_security(const AccountSecurityRow& row) {
    return portable::set_account_security(session_, row);
}

Result<bool> PostgresStore::use_totp_step(int64_t user, int64_t step) {
    return portable::use_totp_step(session_, user, step);
}

}  // namespace grip::storage::postgres
