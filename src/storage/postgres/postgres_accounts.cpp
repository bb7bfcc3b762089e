// PostgresStore's accounts: users, sessions, API tokens and failed sign-ins
// (tables of migration 2). A user's locations are kept as a JSON array. A
// taken user name is found by the statement itself, not by a unique
// violation, which would abort the writer's whole transaction.
//
// Accounts belong to the installation: a user is found by name, id, session
// or token whatever the scope, since signing in comes before it, and the
// account tables have no row-level security. A user row names the user's
// municipality; the lists of users and tokens show the scope's own.

#include <fmt/format.h>

#include "storage/account_rows.h"
#include "storage/portable_sql.h"
#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

namespace {

constexpr const char* kTokenRowColumns =
    "t.id, t.\"user\", t.name, t.token_hash, t.created_at, t.expires_at, t.revoked";

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
    auto rows = TRY(
        conn_->query(fmt::format("SELECT {} FROM \"user\" WHERE {}", kUserColumns, kSameName), Params().add(name)));
    return one_user(rows);
}

Result<std::optional<UserRow>> PostgresStore::user_by_id(int64_t id) {
    auto rows =
        TRY(conn_->query(fmt::format("SELECT {} FROM \"user\" WHERE id = $1", kUserColumns), Params().add(id)));
    return one_user(rows);
}

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
    auto rows = TRY(conn_->query(
        "UPDATE \"user\" SET name = $1, role = $2, organisation = $3, locations = $4, password_hash = $5, "
        "disabled = $6 WHERE id = $7 AND NOT EXISTS (SELECT 1 FROM \"user\" o "
        "WHERE lower(o.name) = lower($1::text COLLATE \"C\") AND o.id <> $7) RETURNING id",
        user_params(user).add(user.id)));
    if (!rows.empty()) return ok_status();
    auto exists = TRY(conn_->query("SELECT 1 FROM \"user\" WHERE id = $1", Params().add(user.id)));
    if (exists.empty()) return Error::not_found(fmt::format("no user with id {}", user.id));
    return Error::conflict(fmt::format("a user named {} exists already", user.name));
}

Result<int64_t> PostgresStore::add_session(const SessionRow& session) {
    auto rows = TRY(conn_->query(
        "INSERT INTO session(\"user\", token_hash, csrf_token, created_at, last_seen, pending) "
        "VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
        Params()
            .add(session.user)
            .add(std::string_view(session.token_hash))
            .add(std::string_view(session.csrf_token))
            .add(session.created_at)
            .add(session.last_seen)
            .add(static_cast<int64_t>(session.pending))));
    return rows.int64(0, 0);
}

Result<std::optional<SessionRow>> PostgresStore::session_by_hash(std::string_view token_hash) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM session WHERE token_hash = $1", kSessionColumns),
                                 Params().add(token_hash)));
    if (rows.empty()) return std::optional<SessionRow>();
    return std::optional<SessionRow>(read_session(RowAt(rows, 0)));
}

Status PostgresStore::touch_session(int64_t id, int64_t last_seen) {
    return conn_->queue("UPDATE session SET last_seen = $1 WHERE id = $2", Params().add(last_seen).add(id));
}

Status PostgresStore::delete_session(int64_t id) {
    return conn_->queue("DELETE FROM session WHERE id = $1", Params().add(id));
}

Status PostgresStore::delete_expired_sessions(int64_t idle_before, int64_t created_before) {
    return conn_->queue("DELETE FROM session WHERE last_seen < $1 OR created_at < $2",
                        Params().add(idle_before).add(created_before));
}

Result<int64_t> PostgresStore::add_api_token(const ApiTokenRow& token) {
    auto rows = TRY(conn_->query(
        "INSERT INTO api_token(\"user\", name, token_hash, created_at, expires_at, revoked) "
        "VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
        Params()
            .add(token.user)
            .add(std::string_view(token.name))
            .add(std::string_view(token.token_hash))
            .add(token.created_at)
            .add(token.expires_at)
            .add(int64_t{token.revoked ? 1 : 0})));
    return rows.int64(0, 0);
}

Result<std::optional<ApiTokenRow>> PostgresStore::api_token_by_hash(std::string_view token_hash) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM api_token WHERE token_hash = $1", kTokenColumns),
                                 Params().add(token_hash)));
    if (rows.empty()) return std::optional<ApiTokenRow>();
    return std::optional<ApiTokenRow>(read_token(RowAt(rows, 0)));
}

Result<std::vector<ApiTokenRow>> PostgresStore::api_tokens() {
    // The tokens of the scope's users.
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM api_token t LEFT JOIN \"user\" u ON u.id = t.\"user\" "
                                             "WHERE {} ORDER BY t.id",
                                             kTokenRowColumns, in_scope("u.municipality", 1)),
                                 Params().add(std::string_view(municipality_))));
    std::vector<ApiTokenRow> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_token(RowAt(rows, r)));
    return out;
}

Status PostgresStore::revoke_api_token(int64_t id) {
    auto rows = TRY(conn_->query("UPDATE api_token SET revoked = 1 WHERE id = $1", Params().add(id)));
    if (rows.affected() == 0) return Error::not_found(fmt::format("no API token with id {}", id));
    return ok_status();
}

Status PostgresStore::add_failed_signin(int64_t user, int64_t at) {
    return conn_->queue("INSERT INTO failed_signin(\"user\", at) VALUES($1, $2)", Params().add(user).add(at));
}

Result<int64_t> PostgresStore::failed_signins_since(int64_t user, int64_t since) {
    auto rows = TRY(conn_->query("SELECT count(*) FROM failed_signin WHERE \"user\" = $1 AND at >= $2",
                                 Params().add(user).add(since)));
    return rows.int64(0, 0);
}

Status PostgresStore::delete_user_sessions(int64_t user, int64_t except) {
    return conn_->queue("DELETE FROM session WHERE \"user\" = $1 AND id <> $2", Params().add(user).add(except));
}

Status PostgresStore::set_session_pending(int64_t session, SessionPending pending) {
    return conn_->queue("UPDATE session SET pending = $1 WHERE id = $2",
                        Params().add(static_cast<int64_t>(pending)).add(session));
}

Result<AccountSecurityRow> PostgresStore::account_security(int64_t user) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT {} FROM account_security WHERE \"user\" = $1", kAccountSecurityColumns), Params().add(user)));
    AccountSecurityRow out;
    out.user = user;
    if (!rows.empty()) out = read_account_security(RowAt(rows, 0));
    return out;
}

Status PostgresStore::set_account_security(const AccountSecurityRow& row) {
    static const std::string sql = numbered_placeholders(kSetAccountSecuritySql);
    Params params;
    add_account_security_columns(params, row);
    return conn_->queue(sql, params);
}

Result<bool> PostgresStore::use_totp_step(int64_t user, int64_t step) {
    auto rows = TRY(conn_->query(
        "UPDATE account_security SET totp_last_step = $1 WHERE \"user\" = $2 AND totp_last_step < $1",
        Params().add(step).add(user)));
    return rows.affected() == 1;
}

}  // namespace grip::storage::postgres
