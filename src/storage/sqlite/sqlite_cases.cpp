// SqliteStore's casework: cases and their events (tables of migration 4),
// written once in storage/case_sql.cpp but for the list of cases, whose
// filter by areas reads the JSON list with SQLite's json_each.

#include <fmt/format.h>

#include "storage/case_rows.h"
#include "storage/case_sql.h"
#include "storage/row_values.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<int64_t> SqliteStore::add_case(const CaseRow& row) { return portable::add_case(session_, row); }

Status SqliteStore::update_case(const CaseRow& row, int64_t expected_version) {
    return portable::update_case(session_, row, expected_version);
}

Result<std::optional<CaseRow>> SqliteStore::case_by_id(int64_t id) { return portable::case_by_id(session_, id); }

Result<std::vector<CaseRow>> SqliteStore::cases(const CaseFilter& f) {
    // One statement for every filter: an empty parameter matches everything.
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {} FROM case_file WHERE (?1 = '' OR type = ?1) AND (?2 = '' OR subject_kind = ?2) "
        "AND (?3 = '' OR subject_id = ?3) AND (?4 = '' OR team = ?4) AND (?5 = '' OR assignee = ?5) "
        "AND (?6 = 0 OR closed = 0) "
        "AND (?7 = '' OR (closed = 0 AND deadline <> '' AND deadline < ?7)) "
        "AND (?8 = '[]' OR area IN (SELECT value FROM json_each(?8))) "
        "AND id > ?9 AND (municipality = ?11 OR ?11 = '*') ORDER BY id LIMIT ?10",
        kCaseColumns)));
    const std::string areas_text = json_list(f.areas);
    st->bind(1, std::string_view(f.type))
        .bind(2, std::string_view(f.subject_kind))
        .bind(3, std::string_view(f.subject_id))
        .bind(4, std::string_view(f.team))
        .bind(5, std::string_view(f.assignee))
        .bind(6, int64_t{f.open_only ? 1 : 0})
        .bind(7, std::string_view(f.deadline_before))
        .bind(8, std::string_view(areas_text))
        .bind(9, f.after_id)
        .bind(10, int64_t{f.limit > 0 ? f.limit : -1})
        .bind(11, std::string_view(municipality_));
    std::vector<CaseRow> out;
    while (TRY(st->step())) out.push_back(read_case(*st));
    st->reset();
    return out;
}

Status SqliteStore::add_case_event(const CaseEventRow& e) { return portable::add_case_event(session_, e); }

Result<std::vector<CaseEventRow>> SqliteStore::case_events(int64_t case_id) {
    return portable::case_events(session_, case_id);
}

}  // namespace grip::storage::sqlite
