// SqliteStore's casework: cases and their events (tables of migration 4).
// Events are never updated or deleted; triggers in the schema refuse it.

#include <fmt/format.h>

#include "storage/case_rows.h"
#include "storage/row_values.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<int64_t> SqliteStore::add_case(const CaseRow& row) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO case_file(type, subject_kind, subject_id, state, team, assignee, area, opened_on, state_since, "
        "deadline, closed, version, data, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    Binder binder(*st);
    add_case_columns(binder, row);
    binder.add(std::string_view(municipality_));
    TRY(st->run());
    return sqlite3_last_insert_rowid(db_->handle());
}

Status SqliteStore::update_case(const CaseRow& row, int64_t expected_version) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(kUpdateCaseSql));
    Binder binder(*st);
    add_case_columns(binder, row);
    binder.add(row.id).add(expected_version).add(std::string_view(municipality_));
    TRY(st->run());
    if (db_->changes() != 1)
        return Error::conflict("the case was changed by someone else in the meantime: read it again");
    return ok_status();
}

Result<std::optional<CaseRow>> SqliteStore::case_by_id(int64_t id) {
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM case_file WHERE municipality = ? AND id = ?", kCaseColumns)));
    st->bind(1, std::string_view(municipality_)).bind(2, id);
    std::optional<CaseRow> out;
    if (TRY(st->step())) out = read_case(*st);
    st->reset();
    return out;
}

Result<std::vector<CaseRow>> SqliteStore::cases(const CaseFilter& f) {
    // One statement for every filter: an empty parameter matches everything.
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {} FROM case_file WHERE (?1 = '' OR type = ?1) AND (?2 = '' OR subject_kind = ?2) "
        "AND (?3 = '' OR subject_id = ?3) AND (?4 = '' OR team = ?4) AND (?5 = '' OR assignee = ?5) "
        "AND (?6 = 0 OR closed = 0) "
        "AND (?7 = '' OR (closed = 0 AND deadline <> '' AND deadline < ?7)) "
        "AND (?8 = '[]' OR area IN (SELECT value FROM json_each(?8))) "
        "AND id > ?9 AND municipality = ?11 ORDER BY id LIMIT ?10",
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

Status SqliteStore::add_case_event(const CaseEventRow& e) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        fmt::format("INSERT INTO case_event({}, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", kCaseEventColumns)));
    Binder binder(*st);
    add_case_event_columns(binder, e);
    binder.add(std::string_view(municipality_));
    return st->run();
}

Result<std::vector<CaseEventRow>> SqliteStore::case_events(int64_t case_id) {
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT {} FROM case_event WHERE municipality = ? AND case_id = ? ORDER BY seq", kCaseEventColumns)));
    st->bind(1, std::string_view(municipality_)).bind(2, case_id);
    std::vector<CaseEventRow> out;
    while (TRY(st->step())) out.push_back(read_case_event(*st));
    st->reset();
    return out;
}

}  // namespace grip::storage::sqlite
