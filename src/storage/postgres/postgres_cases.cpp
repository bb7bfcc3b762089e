// PostgresStore's casework: cases and their events (tables of migration 4).
// Events are never updated or deleted; triggers in the schema refuse it. A
// stale version or a taken event number is found from the rows a statement
// touched, not from an error that would abort the writer's transaction.
// Case ids are unique in the installation; a case and its events belong to
// the municipality that opened it, and the other municipalities do not see
// them.

#include <fmt/format.h>

#include "storage/case_rows.h"
#include "storage/portable_sql.h"
#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

namespace {

// The columns after id, in kCaseColumns order.
Params case_params(const CaseRow& c) {
    Params p;
    add_case_columns(p, c);
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
    static const std::string sql = numbered_placeholders(kUpdateCaseSql);
    auto rows = TRY(
        conn_->query(sql, case_params(row).add(row.id).add(expected_version).add(std::string_view(municipality_))));
    if (rows.affected() != 1)
        return Error::conflict("the case was changed by someone else in the meantime: read it again");
    return ok_status();
}

Result<std::optional<CaseRow>> PostgresStore::case_by_id(int64_t id) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT {} FROM case_file WHERE {} AND id = $1", kCaseColumns, in_scope("municipality", 2)),
        Params().add(id).add(std::string_view(municipality_))));
    if (rows.empty()) return std::optional<CaseRow>();
    return std::optional<CaseRow>(read_case(RowAt(rows, 0)));
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
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_case(RowAt(rows, r)));
    return out;
}

Status PostgresStore::add_case_event(const CaseEventRow& e) {
    TRY(check_writable());
    auto rows = TRY(conn_->query(
        "INSERT INTO case_event(case_id, seq, at, actor, action, from_state, to_state, data, municipality) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(case_id, seq) DO NOTHING",
        [&] {
            Params p;
            add_case_event_columns(p, e);
            p.add(std::string_view(municipality_));
            return p;
        }()));
    if (rows.affected() == 0)
        return Error::conflict(fmt::format("store: case {} has an event numbered {} already", e.case_id, e.seq));
    return ok_status();
}

Result<std::vector<CaseEventRow>> PostgresStore::case_events(int64_t case_id) {
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM case_event WHERE {} AND case_id = $1 ORDER BY seq",
                                             kCaseEventColumns, in_scope("municipality", 2)),
                                 Params().add(case_id).add(std::string_view(municipality_))));
    std::vector<CaseEventRow> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_case_event(RowAt(rows, r)));
    return out;
}

}  // namespace grip::storage::postgres
