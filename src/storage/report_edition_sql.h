#pragma once
// Frozen editions of the report and the records a delivery wrote, written
// once for both backends over portable SQL (storage/sql_session.h).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "records/kind.h"
#include "storage/report_store.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Result<int64_t> add_report_edition(SqlSession& sql, const ReportEditionRow& row);
Result<std::vector<ReportEditionRow>> report_editions(SqlSession& sql, int year);
Result<std::optional<ReportEditionRow>> report_edition(SqlSession& sql, int64_t id);
Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(SqlSession& sql, int64_t delivery);

}  // namespace grip::storage::portable
