#pragma once
// Retention (Store::erase_sealed, unlink_subject, erase_case_texts), written
// once for both backends over portable SQL (storage/sql_session.h).

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "records/kind.h"
#include "storage/record_store.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Status erase_sealed(SqlSession& sql, records::Kind kind, std::string_view id);
Status unlink_subject(SqlSession& sql, int64_t subject, const Pseudonym& replacement);
Status erase_case_texts(SqlSession& sql, int64_t case_id, std::string_view data);

}  // namespace grip::storage::portable
