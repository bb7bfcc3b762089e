// SqliteStore's frozen editions of the report (table of the migration
// report_editions). Rows are only ever inserted; triggers in the schema
// refuse every UPDATE and DELETE.

#include <fmt/format.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

namespace {

constexpr const char* kListColumns =
    "id, year, frozen_at, decision_date, decision_number, corrects, case_id, content_hash";

ReportEditionRow read_edition(const Statement& st, bool with_content) {
    ReportEditionRow e;
    e.id = st.int64(0);
    e.year = static_cast<int>(st.int64(1));
    e.frozen_at = std::string(st.text(2));
    e.decision_date = std::string(st.text(3));
    e.decision_number = std::string(st.text(4));
    e.corrects = st.int64(5);
    e.case_id = st.int64(6);
    e.content_hash = std::string(st.text(7));
    if (with_content) e.content = std::string(st.text(8));
    return e;
}

}  // namespace

Result<int64_t> SqliteStore::add_report_edition(const ReportEditionRow& row) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO report_edition(municipality, year, frozen_at, decision_date, decision_number, corrects, case_id, "
        "content_hash, content) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    TRY(st->bind(1, std::string_view(municipality_))
            .bind(2, int64_t{row.year})
            .bind(3, std::string_view(row.frozen_at))
            .bind(4, std::string_view(row.decision_date))
            .bind(5, std::string_view(row.decision_number))
            .bind(6, row.corrects)
            .bind(7, row.case_id)
            .bind(8, std::string_view(row.content_hash))
            .bind(9, std::string_view(row.content))
            .run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Result<std::vector<ReportEditionRow>> SqliteStore::report_editions(int year) {
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {} FROM report_edition WHERE municipality = ? AND year = ? ORDER BY id", kListColumns)));
    st->bind(1, std::string_view(municipality_)).bind(2, int64_t{year});
    std::vector<ReportEditionRow> out;
    while (TRY(st->step())) out.push_back(read_edition(*st, false));
    st->reset();
    return out;
}

Result<std::optional<ReportEditionRow>> SqliteStore::report_edition(int64_t id) {
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {}, content FROM report_edition WHERE municipality = ? AND id = ?", kListColumns)));
    st->bind(1, std::string_view(municipality_)).bind(2, id);
    std::optional<ReportEditionRow> out;
    if (TRY(st->step())) out = read_edition(*st, true);
    st->reset();
    return out;
}

}  // namespace grip::storage::sqlite

namespace grip::storage::sqlite {

Result<std::vector<std::pair<records::Kind, std::string>>> SqliteStore::records_of_delivery(int64_t delivery) {
    std::vector<std::pair<records::Kind, std::string>> out;
    for (records::Kind kind : records::kAllKinds) {
        auto* st = TRY(db_->prepare(fmt::format(
            "SELECT id FROM {} WHERE municipality = ?1 AND delivery = ?2 UNION "
            "SELECT id FROM history WHERE municipality = ?1 AND kind = ?3 AND delivery = ?2 ORDER BY id",
            table_of(kind))));
        st->bind(1, std::string_view(municipality_)).bind(2, delivery).bind(3, records::kind_name(kind));
        while (TRY(st->step())) out.emplace_back(kind, std::string(st->text(0)));
        st->reset();
    }
    return out;
}

}  // namespace grip::storage::sqlite
