#include "storage/account_rows.h"

#include <string>

#include "storage/row_values.h"

namespace grip::storage {

Result<UserRow> read_user(const RowView& row) {
    UserRow u;
    u.id = row.int64(0);
    u.name = std::string(row.text(1));
    u.role = std::string(row.text(2));
    u.organisation = std::string(row.text(3));
    u.locations = TRY(locations_of(row.text(4)));
    u.password_hash = std::string(row.text(5));
    u.disabled = row.int64(6) != 0;
    u.created_at = row.int64(7);
    u.municipality = std::string(row.text(8));
    u.kind = user_kind_of(row.text(9));
    return u;
}

SessionRow read_session(const RowView& row) {
    return {row.int64(0), row.int64(1), std::string(row.text(2)),        std::string(row.text(3)),
            row.int64(4), row.int64(5), session_pending_of(row.int64(6))};
}

ApiTokenRow read_token(const RowView& row) {
    return {row.int64(0), row.int64(1), std::string(row.text(2)), std::string(row.text(3)),
            row.int64(4), row.int64(5), row.int64(6) != 0};
}

AccountSecurityRow read_account_security(const RowView& row) {
    AccountSecurityRow out;
    out.user = row.int64(0);
    out.must_change_password = row.int64(1) != 0;
    out.totp_secret = std::string(row.text(2));
    out.totp_confirmed = row.int64(3) != 0;
    out.totp_last_step = row.int64(4);
    return out;
}

void add_account_security_columns(ParamList& params, const AccountSecurityRow& row) {
    params.add(row.user)
        .add(int64_t{row.must_change_password ? 1 : 0})
        .add(std::string_view(row.totp_secret))
        .add(int64_t{row.totp_confirmed ? 1 : 0})
        .add(row.totp_last_step);
}

}  // namespace grip::storage
