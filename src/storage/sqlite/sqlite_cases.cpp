// SqliteStore's casework: cases and their events (tables of migration 4).
// Events are never updated or deleted; triggers in the schema refuse it.

#include <fmt/format.h>

#include "storage/row_values.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

namespace {

CaseRow read_case(const Statement& st) {
    CaseRow c;
    c.id = st.int64(0);
    c.type = std::string(st.text(1));
    c.subject_kind = std::string(st.text(2));
    c.subject_id = std::string(st.text(3));
    c.state = std::string(st.text(4));
    c.team = std::string(st.text(5));
    c.assignee = std::string(st.text(6));
    c.area = std::string(st.text(7));
    c.opened_on = std::string(st.text(8));
    c.state_since = std::string(st.text(9));
    c.deadline = std::string(st.text(10));
    c.closed = st.int64(11) != 0;
    c.version = st.int64(12);
    c.data = std::string(st.text(13));
    return c;
}

// Binds the columns after id, in kCaseColumns order, from `first`.
int bind_case(Statement& st, const CaseRow& c, int first) {
    st.bind(first, std::string_view(c.type))
        .bind(first + 1, std::string_view(c.subject_kind))
        .bind(first + 2, std::string_view(c.subject_id))
        .bind(first + 3, std::string_view(c.state))
        .bind(first + 4, std::string_view(c.team))
        .bind(first + 5, std::string_view(c.assignee))
        .bind(first + 6, std::string_view(c.area))
        .bind(first + 7, std::string_view(c.opened_on))
        .bind(first + 8, std::string_view(c.state_since))
        .bind(first + 9, std::string_view(c.deadline))
        .bind(first + 10, int64_t{c.closed ? 1 : 0})
        .bind(first + 11, c.version)
        .bind(first + 12, std::string_view(c.data));
    return first + 13;
}

}  // namespace

Result<int64_t> SqliteStore::add_case(const CaseRow& row) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO case_file(type, subject_kind, subject_id, state, team, assignee, area, opened_on, state_since, "
        "deadline, closed, version, data, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const int next = bind_case(*st, row, 1);
    st->bind(next, std::string_view(municipality_));
    TRY(st->run());
    return sqlite3_last_insert_rowid(db_->handle());
}

Status SqliteStore::update_case(const CaseRow& row, int64_t expected_version) {
    auto* st = TRY(db_->prepare(
        "UPDATE case_file SET type = ?, subject_kind = ?, subject_id = ?, state = ?, team = ?, assignee = ?, "
        "area = ?, opened_on = ?, state_since = ?, deadline = ?, closed = ?, version = ?, data = ? "
        "WHERE id = ? AND version = ? AND municipality = ?"));
    const int next = bind_case(*st, row, 1);
    st->bind(next, row.id).bind(next + 1, expected_version).bind(next + 2, std::string_view(municipality_));
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
        "INSERT INTO case_event(case_id, seq, at, actor, action, from_state, to_state, data, municipality) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    st->bind(1, e.case_id)
        .bind(2, e.seq)
        .bind(3, std::string_view(e.at))
        .bind(4, std::string_view(e.actor))
        .bind(5, std::string_view(e.action))
        .bind(6, std::string_view(e.from_state))
        .bind(7, std::string_view(e.to_state))
        .bind(8, std::string_view(e.data))
        .bind(9, std::string_view(municipality_));
    return st->run();
}

Result<std::vector<CaseEventRow>> SqliteStore::case_events(int64_t case_id) {
    auto* st = TRY(db_->prepare(
        "SELECT case_id, seq, at, actor, action, from_state, to_state, data FROM case_event "
        "WHERE municipality = ? AND case_id = ? ORDER BY seq"));
    st->bind(1, std::string_view(municipality_)).bind(2, case_id);
    std::vector<CaseEventRow> out;
    while (TRY(st->step()))
        out.push_back({st->int64(0), st->int64(1), std::string(st->text(2)), std::string(st->text(3)),
                       std::string(st->text(4)), std::string(st->text(5)), std::string(st->text(6)),
                       std::string(st->text(7))});
    st->reset();
    return out;
}

}  // namespace grip::storage::sqlite
