// PostgresStore's casework: cases and their events (tables of migration 4),
// written once in storage/case_sql.cpp but for the list of cases, whose
// filter by areas reads the JSON list with json_array_elements_text (and
// whose parameters need their types spelled where PostgreSQL cannot infer
// them). Case ids are unique in the installation.

#include <fmt/format.h>

#include "storage/case_rows.h"
#include "storage/case_sql.h"
#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

Result<int64_t> PostgresStore::add_case(const CaseRow& row) { return portable::add_case(session_, row); }

Status PostgresStore::update_case(const CaseRow& row, int64_t expected_version) {
    return portable::update_case(session_, row, expected_version);
}

Result<std::optional<CaseRow>> PostgresStore::case_by_id(int64_t id) { return portable::case_by_id(session_, id); }

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

Status PostgresStore::add_case_event(const CaseEventRow& e) { return portable::add_case_event(session_, e); }

Result<std::vector<CaseEventRow>> PostgresStore::case_events(int64_t case_id) {
    return portable::case_events(session_, case_id);
}

}  // namespace grip::storage::postgres
