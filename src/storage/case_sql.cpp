// Cases and their events (tables of migration 4). Events are never updated
// or deleted; each backend's schema refuses it. A stale version or a taken
// event number is found from the rows a statement changed, not from an error
// (which would abort a PostgreSQL writer's transaction). A case and its
// events belong to the municipality that opened it.

#include "storage/case_sql.h"

#include <fmt/format.h>

#include "storage/case_rows.h"
#include "storage/row_values.h"

namespace grip::storage::portable {

Result<int64_t> add_case(SqlSession& sql, const CaseRow& row) {
    TRY(sql.check_writable());
    return sql.insert(
        "INSERT INTO case_file(type, subject_kind, subject_id, state, team, assignee, area, opened_on, state_since, "
        "deadline, closed, version, data, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [&](ParamList& params) {
            add_case_columns(params, row);
            params.add(std::string_view(sql.municipality()));
        });
}

Status update_case(SqlSession& sql, const CaseRow& row, int64_t expected_version) {
    TRY(sql.check_writable());
    const int64_t changed = TRY(sql.change(kUpdateCaseSql, [&](ParamList& params) {
        add_case_columns(params, row);
        params.add(row.id).add(expected_version).add(std::string_view(sql.municipality()));
    }));
    if (changed != 1) return Error::conflict("the case was changed by someone else in the meantime: read it again");
    return ok_status();
}

Result<std::optional<CaseRow>> case_by_id(SqlSession& sql, int64_t id) {
    std::optional<CaseRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM case_file WHERE {} AND id = ?", kCaseColumns,
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), id), [&](const RowView& row) {
                      out = read_case(row);
                      return ok_status();
                  }));
    return out;
}

Status add_case_event(SqlSession& sql, const CaseEventRow& e) {
    TRY(sql.check_writable());
    const int64_t added = TRY(sql.change(
        fmt::format("INSERT INTO case_event({}, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(case_id, seq) DO NOTHING",
                    kCaseEventColumns),
        [&](ParamList& params) {
            add_case_event_columns(params, e);
            params.add(std::string_view(sql.municipality()));
        }));
    if (added == 0)
        return Error::conflict(fmt::format("store: case {} has an event numbered {} already", e.case_id, e.seq));
    return ok_status();
}

Result<std::vector<CaseEventRow>> case_events(SqlSession& sql, int64_t case_id) {
    std::vector<CaseEventRow> out;
    TRY(sql.query(fmt::format("SELECT {} FROM case_event WHERE {} AND case_id = ? ORDER BY seq", kCaseEventColumns,
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), case_id), [&](const RowView& row) {
                      out.push_back(read_case_event(row));
                      return ok_status();
                  }));
    return out;
}

}  // namespace grip::storage::portable
