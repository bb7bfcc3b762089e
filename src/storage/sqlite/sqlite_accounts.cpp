// SqliteStore's accounts: users, sessions, API tokens and failed sign-ins
// (tables of migration 2). A user's locations are kept as a JSON array.

#include <fmt/format.h>

#include "storage/account_rows.h"
#include "storage/row_values.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

namespace {

// Runs a query for at most one user.
Result<std::optional<UserRow>> one_user(Statement& st) {
    std::optional<UserRow> out;
    if (TRY(st.step())) {
        auto row = read_user(st);
        if (!row) {
            st.reset();
            return row.take_error();
        }
        out = std::move(row).value();
    }
    st.reset();
    return out;
}

}  // namespace

Result<int64_t> SqliteStore::add_user(const UserRow& user) {
    TRY(check_writable_scope(municipality_));
    if (user.municipality != municipality_)
        return Error::invalid(fmt::format("a user of {} is added by a connection of {}", user.municipality, municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO user(name, role, organisation, locations, password_hash, disabled, created_at, municipality, kind) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    st->bind(1, std::string_view(user.name))
        .bind(2, std::string_view(user.role))
        .bind(3, std::string_view(user.organisation))
        .bind(4, std::string_view(json_list(user.locations)))
        .bind(5, std::string_view(user.password_hash))
        .bind(6, int64_t{user.disabled ? 1 : 0})
        .bind(7, user.created_at)
        .bind(8, std::string_view(user.municipality))
        .bind(9, std::string_view(user_kind_text(user.kind)));
    auto done = st->run();
    if (!done) {
        st->reset();
        // The only constraint a new user can break is the unique name.
        if (done.error().code == ErrorCode::Conflict)
            return Error::conflict(fmt::format("a user named {} exists already", user.name));
        return done.take_error();
    }
    return sqlite3_last_insert_rowid(db_->handle());
}

Result<std::optional<UserRow>> SqliteStore::user_by_name(std::string_view name) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM user WHERE name = ?", kUserColumns)));
    st->bind(1, name);
    return one_user(*st);
}

Result<std::optional<UserRow>> SqliteStore::user_by_id(int64_t id) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM user WHERE id = ?", kUserColumns)));
    st->bind(1, id);
    return one_user(*st);
}

Result<std::vector<UserRow>> SqliteStore::users() {
    auto* st = TRY(db_->prepare(
        fmt::format("SELECT {} FROM user WHERE municipality = ?1 OR ?1 = '*' ORDER BY name", kUserColumns)));
    st->bind(1, std::string_view(municipality_));
    std::vector<UserRow> out;
    while (TRY(st->step())) {
        auto row = read_user(*st);
        if (!row) {
            st->reset();
            return row.take_error();
        }
        out.push_back(std::move(row).value());
    }
    st->reset();
    return out;
}

Status SqliteStore::update_user(const UserRow& user) {
    auto* st = TRY(db_->prepare(
        "UPDATE user SET name = ?, role = ?, organisation = ?, locations = ?, password_hash = ?, disabled = ? "
        "WHERE id = ?"));
    st->bind(1, std::string_view(user.name))
        .bind(2, std::string_view(user.role))
        .bind(3, std::string_view(user.organisation))
        .bind(4, std::string_view(json_list(user.locations)))
        .bind(5, std::string_view(user.password_hash))
        .bind(6, int64_t{user.disabled ? 1 : 0})
        .bind(7, user.id);
    auto done = st->run();
    if (!done) {
        st->reset();
        if (done.error().code == ErrorCode::Conflict)
            return Error::conflict(fmt::format("a user named {} exists already", user.name));
        return done.take_error();
    }
    if (db_->changes() == 0) return Error::not_found(fmt::format("no user with id {}", user.id));
    return ok_status();
}

Result<int64_t> SqliteStore::add_session(const SessionRow& session) {
    auto* st = TRY(db_->prepare(
        "INSERT INTO session(user, token_hash, csrf_token, created_at, last_seen, pending) VALUES(?, ?, ?, ?, ?, ?)"));
    TRY(st->bind(1, session.user)
            .bind(2, std::string_view(session.token_hash))
            .bind(3, std::string_view(session.csrf_token))
            .bind(4, session.created_at)
            .bind(5, session.last_seen)
            .bind(6, static_cast<int64_t>(session.pending))
            .run());
    return sqlite3_last_insert_rowid(db_->handle());
}

Result<std::optional<SessionRow>> SqliteStore::session_by_hash(std::string_view token_hash) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM session WHERE token_hash = ?", kSessionColumns)));
    st->bind(1, token_hash);
    std::optional<SessionRow> out;
    if (TRY(st->step())) out = read_session(*st);
    st->reset();
    return out;
}

Status SqliteStore::touch_session(int64_t id, int64_t last_seen) {
    auto* st = TRY(db_->prepare("UPDATE session SET last_seen = ? WHERE id = ?"));
    return st->bind(1, last_seen).bind(2, id).run();
}

Status SqliteStore::delete_session(int64_t id) {
    auto* st = TRY(db_->prepare("DELETE FROM session WHERE id = ?"));
    return st->bind(1, id).run();
}

Status SqliteStore::delete_expired_sessions(int64_t idle_before, int64_t created_before) {
    auto* st = TRY(db_->prepare("DELETE FROM session WHERE last_seen < ? OR created_at < ?"));
    return st->bind(1, idle_before).bind(2, created_before).run();
}

Result<int64_t> SqliteStore::add_api_token(const ApiTokenRow& token) {
    auto* st = TRY(db_->prepare(
        "INSERT INTO api_token(user, name, token_hash, created_at, expires_at, revoked) VALUES(?, ?, ?, ?, ?, ?)"));
    TRY(st->bind(1, token.user)
            .bind(2, std::string_view(token.name))
            .bind(3, std::string_view(token.token_hash))
            .bind(4, token.created_at)
            .bind(5, token.expires_at)
            .bind(6, int64_t{token.revoked ? 1 : 0})
            .run());
    return sqlite3_last_insert_rowid(db_->handle());
}

Result<std::optional<ApiTokenRow>> SqliteStore::api_token_by_hash(std::string_view token_hash) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM api_token WHERE token_hash = ?", kTokenColumns)));
    st->bind(1, token_hash);
    std::optional<ApiTokenRow> out;
    if (TRY(st->step())) out = read_token(*st);
    st->reset();
    return out;
}

Result<std::vector<ApiTokenRow>> SqliteStore::api_tokens() {
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {} FROM api_token WHERE user IN (SELECT id FROM user WHERE municipality = ?1 OR ?1 = '*') ORDER BY id",
        kTokenColumns)));
    st->bind(1, std::string_view(municipality_));
    std::vector<ApiTokenRow> out;
    while (TRY(st->step())) out.push_back(read_token(*st));
    st->reset();
    return out;
}

Status SqliteStore::revoke_api_token(int64_t id) {
    auto* st = TRY(db_->prepare("UPDATE api_token SET revoked = 1 WHERE id = ?"));
    TRY(st->bind(1, id).run());
    if (db_->changes() == 0) return Error::not_found(fmt::format("no API token with id {}", id));
    return ok_status();
}

Status SqliteStore::add_failed_signin(int64_t user, int64_t at) {
    auto* st = TRY(db_->prepare("INSERT INTO failed_signin(user, at) VALUES(?, ?)"));
    return st->bind(1, user).bind(2, at).run();
}

Result<int64_t> SqliteStore::failed_signins_since(int64_t user, int64_t since) {
    auto* st = TRY(db_->prepare("SELECT count(*) FROM failed_signin WHERE user = ? AND at >= ?"));
    st->bind(1, user).bind(2, since);
    int64_t n = 0;
    if (TRY(st->step())) n = st->int64(0);
    st->reset();
    return n;
}

Status SqliteStore::delete_user_sessions(int64_t user, int64_t except) {
    auto* st = TRY(db_->prepare("DELETE FROM session WHERE user = ? AND id <> ?"));
    return st->bind(1, user).bind(2, except).run();
}

Status SqliteStore::set_session_pending(int64_t session, SessionPending pending) {
    auto* st = TRY(db_->prepare("UPDATE session SET pending = ? WHERE id = ?"));
    return st->bind(1, static_cast<int64_t>(pending)).bind(2, session).run();
}

Result<AccountSecurityRow> SqliteStore::account_security(int64_t user) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM account_security WHERE user = ?", kAccountSecurityColumns)));
    st->bind(1, user);
    AccountSecurityRow out;
    out.user = user;
    if (TRY(st->step())) out = read_account_security(*st);
    st->reset();
    return out;
}

Status SqliteStore::set_account_security(const AccountSecurityRow& row) {
    auto* st = TRY(db_->prepare(kSetAccountSecuritySql));
    Binder binder(*st);
    add_account_security_columns(binder, row);
    return st->run();
}

Result<bool> SqliteStore::use_totp_step(int64_t user, int64_t step) {
    auto* st = TRY(db_->prepare("UPDATE account_security SET totp_last_step = ? WHERE user = ? AND totp_last_step < ?"));
    TRY(st->bind(1, step).bind(2, user).bind(3, step).run());
    return db_->changes() == 1;
}

}  // namespace grip::storage::sqlite
