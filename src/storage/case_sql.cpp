// Cases and their events (tables of migration 4). Events are never updated
// or deleted; each backend's schema refuses it. A stale version or a taken
// event number is found from the rows a statement changed, not from an error
// (which would abort a PostgreSQL writer's transaction). A case and its
// events belong to the municipality that opened it.

#include "storage/case_sql.h"

#include <limits>

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

Result<std::vector<CaseRow>> cases(SqlSession& sql, const CaseFilter& f) {
    // One statement for every filter: an empty parameter matches everything.
    // Every use of a value is a parameter of its own (`?`), so each is bound
    // once per use; no limit is the largest one.
    const std::string areas = json_list(f.areas);
    const auto text = [](const std::string& s) { return std::string_view(s); };
    std::vector<CaseRow> out;
    TRY(sql.query(
        fmt::format("SELECT {} FROM case_file WHERE (CAST(? AS TEXT) = '' OR type = ?) "
                    "AND (CAST(? AS TEXT) = '' OR subject_kind = ?) AND (CAST(? AS TEXT) = '' OR subject_id = ?) "
                    "AND (CAST(? AS TEXT) = '' OR team = ?) AND (CAST(? AS TEXT) = '' OR assignee = ?) "
                    "AND (CAST(? AS BIGINT) = 0 OR closed = 0) "
                    "AND (CAST(? AS TEXT) = '' OR (closed = 0 AND deadline <> '' AND deadline < ?)) "
                    "AND (CAST(? AS TEXT) = '[]' OR area IN ({})) "
                    "AND id > CAST(? AS BIGINT) AND {} ORDER BY id LIMIT CAST(? AS BIGINT)",
                    kCaseColumns, sql.json_texts(), sql.in_scope("municipality")),
        values(text(f.type), text(f.type), text(f.subject_kind), text(f.subject_kind), text(f.subject_id),
               text(f.subject_id), text(f.team), text(f.team), text(f.assignee), text(f.assignee),
               int64_t{f.open_only ? 1 : 0}, text(f.deadline_before), text(f.deadline_before), std::string_view(areas),
               std::string_view(areas), f.after_id, std::string_view(sql.municipality()),
               f.limit > 0 ? int64_t{f.limit} : std::numeric_limits<int64_t>::max()),
        [&](const RowView& row) {
            out.push_back(read_case(row));
            return ok_status();
        }));
    return out;
}

Status add_case_event(SqlSession& sql, const CaseEventRow& e) {
    TRY(sql.check_writable());
    const int64_t added =
        TRY(sql.change(fmt::format("INSERT INTO case_event({}, municipality) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) "
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
