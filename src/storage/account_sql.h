#pragma once
// The accounts' sessions, API tokens, failed sign-ins and safeguards, written
// once for both backends over portable SQL (storage/sql_session.h). The
// users themselves stay per backend: a name is unique without regard to
// case, which SQLite keeps with a NOCASE index and PostgreSQL with the
// statement that adds or renames a user (a unique violation would abort its
// writer's transaction).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/account_store.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Result<std::optional<UserRow>> user_by_id(SqlSession& sql, int64_t id);
Result<int64_t> add_session(SqlSession& sql, const SessionRow& session);
Result<std::optional<SessionRow>> session_by_hash(SqlSession& sql, std::string_view token_hash);
Status touch_session(SqlSession& sql, int64_t id, int64_t last_seen);
Status delete_session(SqlSession& sql, int64_t id);
Status delete_expired_sessions(SqlSession& sql, int64_t idle_before, int64_t created_before);
Status delete_user_sessions(SqlSession& sql, int64_t user, int64_t except);
Status set_session_pending(SqlSession& sql, int64_t session, SessionPending pending);
Result<int64_t> add_api_token(SqlSession& sql, const ApiTokenRow& token);
Result<std::optional<ApiTokenRow>> api_token_by_hash(SqlSession& sql, std::string_view token_hash);
Result<std::vector<ApiTokenRow>> api_tokens(SqlSession& sql);
Status revoke_api_token(SqlSession& sql, int64_t id);
Status add_failed_signin(SqlSession& sql, int64_t user, int64_t at);
Result<int64_t> failed_signins_since(SqlSession& sql, int64_t user, int64_t since);
Result<AccountSecurityRow> account_security(SqlSession& sql, int64_t user);
Status set_account_security(SqlSession& sql, const AccountSecurityRow& row);
Result<bool> use_totp_step(SqlSession& sql, int64_t user, int64_t step);

}  // namespace grip::storage::portable
