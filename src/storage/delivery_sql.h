#pragma once
// The store's settings (meta), its deliveries as read back, the areas of the
// figures and the report's texts, written once for both backends over
// portable SQL (storage/sql_session.h). Starting and finishing a delivery
// stay per backend, beside the record writes they frame.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/sql_session.h"
#include "storage/store.h"

namespace grip::storage::portable {

Result<std::optional<std::string>> meta(SqlSession& sql, std::string_view key);
Status set_meta(SqlSession& sql, std::string_view key, std::string_view value);
Result<std::optional<DeliverySummary>> delivery_with_hash(SqlSession& sql, std::string_view content_hash);
Result<std::vector<DeliverySummary>> deliveries(SqlSession& sql);
Result<std::vector<AreaInfo>> areas(SqlSession& sql);
Result<std::vector<ReportText>> report_texts(SqlSession& sql, int year);
// `now` is the text's time stamp (the store's clock).
Status set_report_text(SqlSession& sql, int year, std::string_view block, std::string_view text, std::string_view now);

}  // namespace grip::storage::portable
