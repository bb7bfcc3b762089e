#pragma once
// Casework (cases and their events), written once for both backends over
// portable SQL (storage/sql_session.h).

#include <cstdint>
#include <optional>
#include <vector>

#include "common/result.h"
#include "storage/case_store.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Result<int64_t> add_case(SqlSession& sql, const CaseRow& row);
Status update_case(SqlSession& sql, const CaseRow& row, int64_t expected_version);
Result<std::optional<CaseRow>> case_by_id(SqlSession& sql, int64_t id);
Result<std::vector<CaseRow>> cases(SqlSession& sql, const CaseFilter& filter);
Status add_case_event(SqlSession& sql, const CaseEventRow& event);
Result<std::vector<CaseEventRow>> case_events(SqlSession& sql, int64_t case_id);

}  // namespace grip::storage::portable
