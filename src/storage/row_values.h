#pragma once
// How values are kept in the rows both backends share, so that each backend
// reads them back the same way: a history version's JSON body, a user's
// locations, and the columns of the account and case tables in the order the
// backends read them.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/result.h"
#include "records/kind.h"
#include "storage/store.h"

namespace grip::storage {

// The fields of a version in the history from its JSON body (the plain
// columns by name), with the id field; nulls are absent, booleans (kept as
// 0/1) are booleans again.
boost::json::object fields_from_body(records::Kind kind, std::string_view id, std::string_view body);

// A field's value as its column keeps it: null (absent, or withdrawn),
// integers and booleans (0/1) as integers, numbers as integers or reals, lists
// and the attributes object as JSON text, the rest as text.
Cell field_cell(const records::FieldSpec& field, const boost::json::value* value);

// A list of ids as JSON text: a user's locations as they are kept, a list
// of areas as a query parameter.
std::string json_list(const std::vector<std::string>& ids);
Result<std::vector<std::string>> locations_of(std::string_view text);

inline constexpr const char* kUserColumns =
    "id, name, role, organisation, locations, password_hash, disabled, created_at, municipality, kind";
// A user's kind as the column `kind` keeps it: person or system.
inline const char* user_kind_text(UserKind kind) { return kind == UserKind::System ? "system" : "person"; }
inline UserKind user_kind_of(std::string_view text) { return text == "system" ? UserKind::System : UserKind::Person; }
inline constexpr const char* kSessionColumns = "id, \"user\", token_hash, csrf_token, created_at, last_seen, pending";
// A session's pending step as the column `pending` keeps it (an unknown number is the strictest).
inline SessionPending session_pending_of(int64_t n) {
    return n == 0 ? SessionPending::None : n == 2 ? SessionPending::PasswordChange : SessionPending::SecondFactor;
}
inline constexpr const char* kAccountSecurityColumns =
    "\"user\", must_change_password, totp_secret, totp_confirmed, totp_last_step";
inline constexpr const char* kTokenColumns = "id, \"user\", name, token_hash, created_at, expires_at, revoked";
inline constexpr const char* kCaseColumns =
    "id, type, subject_kind, subject_id, state, team, assignee, area, opened_on, state_since, deadline, closed, "
    "version, data";

}  // namespace grip::storage
