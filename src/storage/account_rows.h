#pragma once
// How the account tables' rows become UserRow, SessionRow, ApiTokenRow and
// AccountSecurityRow, written once for both backends (storage/row_view.h),
// with the portable statements they share (`?` placeholders, see
// storage/portable_sql.h). The column lists are in row_values.h.

#include <cstdint>

#include "common/result.h"
#include "storage/account_store.h"
#include "storage/row_view.h"

namespace grip::storage {

// A user from a row of kUserColumns; fails when its locations are not a list.
Result<UserRow> read_user(const RowView& row);
// A session from a row of kSessionColumns.
SessionRow read_session(const RowView& row);
// A token from a row of kTokenColumns.
ApiTokenRow read_token(const RowView& row);
// A user's safeguards from a row of kAccountSecurityColumns.
AccountSecurityRow read_account_security(const RowView& row);
// Adds the safeguards' columns in kAccountSecurityColumns order.
void add_account_security_columns(ParamList& params, const AccountSecurityRow& row);

// Writes a user's safeguards whole (add_account_security_columns).
inline constexpr const char* kSetAccountSecuritySql =
    "INSERT INTO account_security(\"user\", must_change_password, totp_secret, totp_confirmed, totp_last_step) "
    "VALUES(?, ?, ?, ?, ?) ON CONFLICT(\"user\") DO UPDATE SET "
    "must_change_password = excluded.must_change_password, totp_secret = excluded.totp_secret, "
    "totp_confirmed = excluded.totp_confirmed, totp_last_step = excluded.totp_last_step";

}  // namespace grip::storage
