#pragma once
// Reference grants (Store::grant_reference), written once for both backends
// over portable SQL (storage/sql_session.h).

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "records/kind.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Status grant_reference(SqlSession& sql, int64_t user, records::Kind kind, std::string_view id, int64_t now,
                       int64_t expires_at);
Result<bool> has_reference_grant(SqlSession& sql, int64_t user, records::Kind kind, std::string_view id, int64_t now);

}  // namespace grip::storage::portable
