// SqliteStore's accounts: users, sessions, API tokens and failed sign-ins
// (tables of migration 2). A user's locations are kept as a JSON array. The
// users are SQLite's own (a NOCASE index keeps their names unique); what is
// the same on PostgreSQL is written once in storage/account_sql.cpp.

#include <fmt/format.h>

#include "storage/account_rows.h"
#include "storage/account_sql.h"
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
        return Error::invalid(
            fmt::format("a user of {} is added by a connection of {}", user.municipality, municipality_));
    auto* st =
        TRY(db_->prepare("INSERT INTO user(name, role, organisation, locations, password_hash, disabled, created_at, "
                         "municipality, kind) "
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

Result<std::optional<UserRow>> SqliteStore::user_by_id(int64_t id) { return portable::user_by_id(session_, id); }

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

Result<int64_t> SqliteStore::add_session(const SessionRow& session) { return portable::add_session(session_, session); }

Result<std::optional<SessionRow>> SqliteStore::session_by_hash(std::string_view token_hash) {
    return portable::session_by_hash(session_, token_hash);
}

Status SqliteStore::touch_session(int64_t id, int64_t last_seen) {
    return portable::touch_session(session_, id, last_seen);
}

Status SqliteStore::delete_session(int64_t id) { return portable::delete_session(session_, id); }

Status SqliteStore::delete_expired_sessions(int64_t idle_before, int64_t created_before) {
    return portable::delete_expired_sessions(session_, idle_before, created_before);
}

Result<int64_t> SqliteStore::add_api_token(const ApiTokenRow& token) {
    return portable::add_api_token(session_, token);
}

Result<std::optional<ApiTokenRow>> SqliteStore::api_token_by_hash(std::string_view token_hash) {
    return portable::api_token_by_hash(session_, token_hash);
}

Result<std::vector<ApiTokenRow>> SqliteStore::api_tokens() { return portable::api_tokens(session_); }

Status SqliteStore::revoke_api_token(int64_t id) { return portable::revoke_api_token(session_, id); }

Status SqliteStore::add_failed_signin(int64_t user, int64_t at) {
    return portable::add_failed_signin(session_, user, at);
}

Result<int64_t> SqliteStore::failed_signins_since(int64_t user, int64_t since) {
    return portable::failed_signins_since(session_, user, since);
}

Status SqliteStore::delete_user_sessions(int64_t user, int64_t except) {
    return portable::delete_user_sessions(session_, user, except);
}

Status SqliteStore::set_session_pending(int64_t session, SessionPending pending) {
    return portable::set_session_pending(session_, session, pending);
}

Result<AccountSecurityRow> SqliteStore::account_security(int64_t user) {
    return portable::account_security(session_, user);
}

Status SqliteStore::set_account_security(const AccountSecurityRow& row) {
    return portable::set_account_security(session_, row);
}

Result<bool> SqliteStore::use_totp_step(int64_t user, int64_t step) {
    return portable::use_totp_step(session_, user, step);
}

}  // namespace grip::storage::sqlite
