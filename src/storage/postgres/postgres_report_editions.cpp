// PostgresStore's frozen editions of the report (table of the migration
// report_editions). Rows are only ever inserted; triggers in the schema
// refuse every UPDATE, DELETE and TRUNCATE, and row-level security keeps
// each municipality to its own editions.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {

namespace {

constexpr const char* kListColumns =
    "id, year, frozen_at, decision_date, decision_number, corrects, case_id, content_hash";

ReportEditionRow read_edition(const Rows& rows, int r, bool with_content) {
    ReportEditionRow e;
    e.id = rows.int64(r, 0);
    e.year = static_cast<int>(rows.int64(r, 1));
    e.frozen_at = std::string(rows.text(r, 2));
    e.decision_date = std::string(rows.text(r, 3));
    e.decision_number = std::string(rows.text(r, 4));
    e.corrects = rows.int64(r, 5);
    e.case_id = rows.int64(r, 6);
    e.content_hash = std::string(rows.text(r, 7));
    if (with_content) e.content = std::string(rows.text(r, 8));
    return e;
}

}  // namespace

Result<int64_t> PostgresStore::add_report_edition(const ReportEditionRow& row) {
    TRY(check_writable());
    auto rows = TRY(conn_->query(
        "INSERT INTO report_edition(municipality, year, frozen_at, decision_date, decision_number, corrects, case_id, "
        "content_hash, content) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        Params()
            .add(std::string_view(municipality_))
            .add(int64_t{row.year})
            .add(std::string_view(row.frozen_at))
            .add(std::string_view(row.decision_date))
            .add(std::string_view(row.decision_number))
            .add(row.corrects)
            .add(row.case_id)
            .add(std::string_view(row.content_hash))
            .add(std::string_view(row.content))));
    return rows.int64(0, 0);
}

Result<std::vector<ReportEditionRow>> PostgresStore::report_editions(int year) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM report_edition WHERE {} AND year = $1 ORDER BY id",
                                             kListColumns, in_scope("municipality", 2)),
                                 Params().add(int64_t{year}).add(std::string_view(municipality_))));
    std::vector<ReportEditionRow> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_edition(rows, r, false));
    return out;
}

Result<std::optional<ReportEditionRow>> PostgresStore::report_edition(int64_t id) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {}, content FROM report_edition WHERE {} AND id = $1",
                                             kListColumns, in_scope("municipality", 2)),
                                 Params().add(id).add(std::string_view(municipality_))));
    if (rows.empty()) return std::optional<ReportEditionRow>();
    return std::optional<ReportEditionRow>(read_edition(rows, 0, true));
}

}  // namespace grip::storage::postgres

namespace grip::storage::postgres {

Result<std::vector<std::pair<records::Kind, std::string>>> PostgresStore::records_of_delivery(int64_t delivery) {
    std::vector<std::pair<records::Kind, std::string>> out;
    for (records::Kind kind : records::kAllKinds) {
        auto rows = TRY(conn_->query(
            fmt::format("SELECT id FROM {0} WHERE {1} AND delivery = $2 UNION "
                        "SELECT id FROM history WHERE {1} AND kind = $3 AND delivery = $2 ORDER BY id",
                        table_of(kind), in_scope("municipality", 1)),
            Params().add(std::string_view(municipality_)).add(delivery).add(records::kind_name(kind))));
        for (int r = 0; r < rows.size(); ++r) out.emplace_back(kind, std::string(rows.text(r, 0)));
    }
    return out;
}

}  // namespace grip::storage::postgres
