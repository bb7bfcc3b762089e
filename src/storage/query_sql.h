#pragma once
// The need-to-know question and what came in per source, written once for
// both backends over portable SQL (storage/sql_session.h). Store's
// list_current stays per backend: it reads whole record rows, whose sealed
// bytes and numbers each backend reads its own way.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/sql_session.h"
#include "storage/store.h"

namespace grip::storage::portable {

Result<bool> any_activity(SqlSession& sql, const RecordFilter& filter);
Result<std::vector<SourceArrival>> source_arrivals(SqlSession& sql, std::string_view date_from,
                                                   std::string_view date_to,
                                                   const std::vector<std::string>& activity_types);

}  // namespace grip::storage::portable
