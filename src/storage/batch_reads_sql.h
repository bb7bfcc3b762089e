#pragma once
// The reads of many rows (storage/batch_reads.h), written once for both
// backends over portable SQL (storage/sql_session.h). active_on_days stays
// per backend: SQLite asks active_on per day (a statement costs no round
// trip in process), PostgreSQL asks for every day at once with the figures.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "records/kind.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Result<std::unordered_map<std::string, int64_t>> subjects_of(SqlSession& sql, records::Kind kind,
                                                             const std::vector<std::string>& ids);
Result<std::unordered_set<std::string>> in_scope_ids(SqlSession& sql, records::Kind kind,
                                                     const std::vector<std::string>& ids,
                                                     const std::string& organisation,
                                                     const std::vector<std::string>& locations, int64_t user,
                                                     int64_t now);

}  // namespace grip::storage::portable
