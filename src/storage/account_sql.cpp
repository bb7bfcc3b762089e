// Accounts belong to the installation: a user, session or token is found
// whatever the scope, since signing in comes before it; the list of tokens
// shows the scope's own users' tokens.

#include "storage/account_sql.h"

#include <fmt/format.h>

#include "storage/account_rows.h"
#include "storage/row_values.h"

namespace grip::storage::portable {

Result<std::optional<UserRow>> user_by_id(SqlSession& sql, int64_t id) {
    std::optional<UserRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM \"user\" WHERE id = ?", kUserColumns), values(id),
                  [&](const RowView& row) -> Status {
                      out = TRY(read_user(row));
                      return ok_status();
                  }));
    return out;
}

Result<int64_t> add_session(SqlSession& sql, const SessionRow& session) {
    return sql.insert(
        "INSERT INTO session(\"user\", token_hash, csrf_token, created_at, last_seen, pending) VALUES(?, ?, ?, ?, ?, "
        "?)",
        values(session.user, std::string_view(session.token_hash), std::string_view(session.csrf_token),
               session.created_at, session.last_seen, static_cast<int64_t>(session.pending)));
}

Result<std::optional<SessionRow>> session_by_hash(SqlSession& sql, std::string_view token_hash) {
    std::optional<SessionRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM session WHERE token_hash = ?", kSessionColumns), values(token_hash),
                  [&](const RowView& row) {
                      out = read_session(row);
                      return ok_status();
                  }));
    return out;
}

Status touch_session(SqlSession& sql, int64_t id, int64_t last_seen) {
    return sql.run("UPDATE session SET last_seen = ? WHERE id = ?", values(last_seen, id));
}

Status delete_session(SqlSession& sql, int64_t id) { return sql.run("DELETE FROM session WHERE id = ?", values(id)); }

Status delete_expired_sessions(SqlSession& sql, int64_t idle_before, int64_t created_before) {
    return sql.run("DELETE FROM session WHERE last_seen < ? OR created_at < ?", values(idle_before, created_before));
}

Status delete_user_sessions(SqlSession& sql, int64_t user, int64_t except) {
    return sql.run("DELETE FROM session WHERE \"user\" = ? AND id <> ?", values(user, except));
}

Status set_session_pending(SqlSession& sql, int64_t session, SessionPending pending) {
    return sql.run("UPDATE session SET pending = ? WHERE id = ?", values(static_cast<int64_t>(pending), session));
}

Result<int64_t> add_api_token(SqlSession& sql, const ApiTokenRow& token) {
    return sql.insert(
        "INSERT INTO api_token(\"user\", name, token_hash, created_at, expires_at, revoked) VALUES(?, ?, ?, ?, ?, ?)",
        values(token.user, std::string_view(token.name), std::string_view(token.token_hash), token.created_at,
               token.expires_at, int64_t{token.revoked ? 1 : 0}));
}

Result<std::optional<ApiTokenRow>> api_token_by_hash(SqlSession& sql, std::string_view token_hash) {
    std::optional<ApiTokenRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM api_token WHERE token_hash = ?", kTokenColumns), values(token_hash),
                  [&](const RowView& row) {
                      out = read_token(row);
                      return ok_status();
                  }));
    return out;
}

Result<std::vector<ApiTokenRow>> api_tokens(SqlSession& sql) {
    std::vector<ApiTokenRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM api_token WHERE \"user\" IN (SELECT id FROM \"user\" WHERE {}) "
                              "ORDER BY id",
                              kTokenColumns, sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality())), [&](const RowView& row) {
                      out.push_back(read_token(row));
                      return ok_status();
                  }));
    return out;
}

Status revoke_api_token(SqlSession& sql, int64_t id) {
    const int64_t changed = TRY(sql.change("UPDATE api_token SET revoked = 1 WHERE id = ?", values(id)));
    if (changed == 0) return Error::not_found(fmt::format("no API token with id {}", id));
    return ok_status();
}

Status add_failed_signin(SqlSession& sql, int64_t user, int64_t at) {
    return sql.run("INSERT INTO failed_signin(\"user\", at) VALUES(?, ?)", values(user, at));
}

Result<int64_t> failed_signins_since(SqlSession& sql, int64_t user, int64_t since) {
    return query_int64(sql, "SELECT count(*) FROM failed_signin WHERE \"user\" = ? AND at >= ?", values(user, since));
}

Result<AccountSecurityRow> account_security(SqlSession& sql, int64_t user) {
    AccountSecurityRow out;
    out.user = user;
    TRY(sql.query(fmt::format("SELECT {} FROM account_security WHERE \"user\" = ?", kAccountSecurityColumns),
                  values(user), [&](const RowView& row) {
                      out = read_account_security(row);
                      return ok_status();
                  }));
    return out;
}

Status set_account_security(SqlSession& sql, const AccountSecurityRow& row) {
    return sql.run(kSetAccountSecuritySql, [&](ParamList& params) { add_account_security_columns(params, row); });
}

Result<bool> use_totp_step(SqlSession& sql, int64_t user, int64_t step) {
    const int64_t changed =
        TRY(sql.change("UPDATE account_security SET totp_last_step = ? WHERE \"user\" = ? AND totp_last_step < ?",
                       values(step, user, step)));
    return changed == 1;
}

}  // namespace grip::storage::portable
