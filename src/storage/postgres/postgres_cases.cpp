// PostgresStore's casework: cases and their events (tables of migration 4).
// Events are never updated or deleted; triggers in the schema refuse it. A
// stale version or a taken event number is found from the rows a statement
// touched, not from an error that would abort the writer's transaction.
// Case ids are unique in the installation; a case and its events belong to
// the municipality that opened it, and the other municipalities do not see
// them.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

namespace {

CaseRow read_case(const Rows& rows, int r) {
    CaseRow c;
    c.id = rows.int64(r, 0);
    c.type = std::string(rows.text(r, 1));
    c.subject_kind = std::string(rows.text(r, 2));
    c.subject_id = std::string(rows.text(r, 3));
    c.state = std::string(rows.text(r, 4));
    c.team = std::string(rows.text(r, 5));
    c.assignee = std::string(rows.text(r, 6));
    c.area = std::string(rows.text(r, 7));
    c.opened_on = std::string(rows.text(r, 8));
    c.state_since = std::string(rows.text(r, 9));
    c.deadline = std::string(rows.text(r, 10));
    c.closed = rows.int64(r, 11) != 0;
    c.version = rows.int64(r, 12);
    c.data = std::string(rows.text(r, 13));
    return c;
}

// The columns after id, in kCaseColumns order.
Params case_params(const CaseRow& c) {
    Params p;
    p.add(std::string_view(c.type))
        .add(std::string_view(c.subject_kind))
        .add(std::string_view(c.subject_id))
        .add(std::string_view(c.state))
        .add(std::string_view(c.team))
        .add(std::string_view(c.assignee))
        .add(std::string_view(c.area))
        .add(std::string_view(c.opened_on))
        .add(std::string_view(c.state_since))
        .add(std::string_view(c.deadline))
        .add(int64_t{c.closed ? 1 : 0})
        .add(c.version)
        .add(std::string_view(c.data));
    return p;
}

}  // namespace

Result<int64_t> PostgresStore::add_case(const CaseRow& row) {
    TRY(check_writable());
    auto rows = TRY(conn_->query(
        "INSERT INTO case_file(type, subject_kind, subject_id, state, team, assignee, area, opened_on, state_since, "
        "deadline, closed, version, data, municipality) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        case_params(row).add(std::string_view(municipality_))));
    return rows.int64(0, 0);
}

Status PostgresStore::update_case(const CaseRow& row, int64_t expected_version) {
    TRY(check_writable());
    auto rows = TRY(conn_->query(
        "UPDATE case_file SET type = $1, subject_kind = $2, subject_id = $3, state = $4, team = $5, assignee = $6, "
        "area = $7, opened_on = $8, state_since = $9, deadline = $10, closed = $11, version = $12, data = $13 "
        "WHERE municipality = $16 AND id = $14 AND version = $15",
        case_params(row).add(row.id).add(expected_version).add(std::string_view(municipality_))));
    if (rows.affected() != 1)
        return Error::conflict("the case was changed by someone else in the meantime: read it again");
    return ok_status();
}

Result<std::optional<CaseRow>> PostgresStore::case_by_id(int64_t id) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT {} FROM case_file WHERE {} AND id = $1", kCaseColumns, in_scope("municipality", 2)),
        Params().add(id).add(std::string_view(municipality_))));
    if (rows.empty()) return std::optional<CaseRow>();
    return std::optional<CaseRow>(read_case(rows, 0));
}

Result<std::vector<CaseRow>> PostgresStore::cases(const CaseFilter& f) {
    // One statement for every filter: an empty parameter matches everything.
    auto rows = TRY(conn_->query(
        fmt::format("SELECT {} FROM case_file WHERE ($1::text = '' OR type = $1) "
                    "AND ($2::text = '' OR subject_kind = $2) AND ($3::text = '' OR subject_id = $3) "
                    "AND ($4::text = '' OR team = $4) AND ($5::text = '' OR assignee = $5) "
                    "AND ($6::bigint = 0 OR closed = 0) "
                    "AND ($7::text = '' OR (closed = 0 AND deadline <> '' AND deadline < $7)) "
                    "AND ($8::text = '[]' OR area IN (SELECT json_array_elements_text($8::json))) "
                    "AND id > $9::bigint AND {} ORDER BY id LIMIT $10::bigint",
                    kCaseColumns, in_scope("municipality", 11)),
        [&] {
            Params p;
            p.add(std::string_view(f.type))
                .add(std::string_view(f.subject_kind))
                .add(std::string_view(f.subject_id))
                .add(std::string_view(f.team))
                .add(std::string_view(f.assignee))
                .add(int64_t{f.open_only ? 1 : 0})
                .add(std::string_view(f.deadline_before))
                .add(std::string_view(json_list(f.areas)))
                .add(f.after_id);
            if (f.limit > 0) p.add(int64_t{f.limit});
            else p.add_null();  // LIMIT NULL: all
            p.add(std::string_view(municipality_));
            return p;
        }()));
    std::vector<CaseRow> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_case(rows, r));
    return out;
}

Status PostgresStore::add_case_event(const CaseEventRow& e) {
    TRY(check_writable());
    auto rows = TRY(conn_->query(
        "INSERT INTO case_event(case_id, seq, at, actor, action, from_state, to_state, data, municipality) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(case_id, seq) DO NOTHING",
        Params()
            .add(e.case_id)
            .add(e.seq)
            .add(std::string_view(e.at))
            .add(std::string_view(e.actor))
            .add(std::string_view(e.action))
            .add(std::string_view(e.from_state))
            .add(std::string_view(e.to_state))
            .add(std::string_view(e.data))
            .add(std::string_view(municipality_))));
    if (rows.affected() == 0)
        return Error::conflict(fmt::format("store: case {} has an event numbered {} already", e.case_id, e.seq));
    return ok_status();
}

Result<std::vector<CaseEventRow>> PostgresStore::case_events(int64_t case_id) {
    auto rows = TRY(conn_->query(fmt::format("SELECT case_id, seq, at, actor, action, from_state, to_state, data "
                                             "FROM case_event WHERE {} AND case_id = $1 ORDER BY seq",
                                             in_scope("municipality", 2)),
                                 Params().add(case_id).add(std::string_view(municipality_))));
    std::vector<CaseEventRow> out;
    for (int r = 0; r < rows.size(); ++r)
        out.push_back({rows.int64(r, 0), rows.int64(r, 1), std::string(rows.text(r, 2)), std::string(rows.text(r, 3)),
                       std::string(rows.text(r, 4)), std::string(rows.text(r, 5)), std::string(rows.text(r, 6)),
                       std::string(rows.text(r, 7))});
    return out;
}

}  // namespace grip::storage::postgres
