// Frozen editions of the report (table of the migration report_editions).
// Rows are only ever inserted; each backend's schema refuses the rest.

#include "storage/report_edition_sql.h"

#include <fmt/format.h>

#include "storage/table_layout.h"

namespace grip::storage::portable {

namespace {

constexpr const char* kListColumns =
    "id, year, frozen_at, decision_date, decision_number, corrects, case_id, content_hash";

ReportEditionRow read_edition(const RowView& row, bool with_content) {
    ReportEditionRow e;
    e.id = row.int64(0);
    e.year = static_cast<int>(row.int64(1));
    e.frozen_at = std::string(row.text(2));
    e.decision_date = std::string(row.text(3));
    e.decision_number = std::string(row.text(4));
    e.corrects = row.int64(5);
    e.case_id = row.int64(6);
    e.content_hash = std::string(row.text(7));
    if (with_content) e.content = std::string(row.text(8));
    return e;
}

}  // namespace

Result<int64_t> add_report_edition(SqlSession& sql, const ReportEditionRow& row) {
    TRY(sql.check_writable());
    return sql.insert(
        "INSERT INTO report_edition(municipality, year, frozen_at, decision_date, decision_number, corrects, case_id, "
        "content_hash, content) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values(std::string_view(sql.municipality()), row.year, std::string_view(row.frozen_at),
               std::string_view(row.decision_date), std::string_view(row.decision_number), row.corrects, row.case_id,
               std::string_view(row.content_hash), std::string_view(row.content)));
}

Result<std::vector<ReportEditionRow>> report_editions(SqlSession& sql, int year) {
    std::vector<ReportEditionRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM report_edition WHERE {} AND year = ? ORDER BY id", kListColumns,
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), year), [&](const RowView& row) {
                      out.push_back(read_edition(row, false));
                      return ok_status();
                  }));
    return out;
}

Result<std::optional<ReportEditionRow>> report_edition(SqlSession& sql, int64_t id) {
    std::optional<ReportEditionRow> out;
    TRY(sql.query(fmt::format("SELECT {}, content FROM report_edition WHERE {} AND id = ?", kListColumns,
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), id), [&](const RowView& row) {
                      out = read_edition(row, true);
                      return ok_status();
                  }));
    return out;
}

Result<std::vector<std::pair<records::Kind, std::string>>> records_of_delivery(SqlSession& sql, int64_t delivery) {
    std::vector<std::pair<records::Kind, std::string>> out;
    const std::string scope = sql.in_scope("municipality");
    for (records::Kind kind : records::kAllKinds) {
        const std::string_view municipality = sql.municipality();
        TRY(sql.query(fmt::format("SELECT id FROM {0} WHERE {1} AND delivery = ? UNION "
                                  "SELECT id FROM history WHERE {1} AND kind = ? AND delivery = ? ORDER BY id",
                                  table_of(kind), scope),
                      values(municipality, delivery, municipality, records::kind_name(kind), delivery),
                      [&](const RowView& row) {
                          out.emplace_back(kind, std::string(row.text(0)));
                          return ok_status();
                      }));
    }
    return out;
}

}  // namespace grip::storage::portable
