// SqliteStore's casework: cases and their events (tables of migration 4),
// written once in storage/case_sql.cpp.

#include "storage/case_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<int64_t> SqliteStore::add_case(const CaseRow& row) { return portable::add_case(session_, row); }

Status SqliteStore::update_case(const CaseRow& row, int64_t expected_version) {
    return portable::update_case(session_, row, expected_version);
}

Result<std::optional<CaseRow>> SqliteStore::case_by_id(int64_t id) { return portable::case_by_id(session_, id); }

Result<std::vector<CaseRow>> SqliteStore::cases(const CaseFilter& f) { return portable::cases(session_, f); }

Status SqliteStore::add_case_event(const CaseEventRow& e) { return portable::add_case_event(session_, e); }

Result<std::vector<CaseEventRow>> SqliteStore::case_events(int64_t case_id) {
    return portable::case_events(session_, case_id);
}

}  // namespace grip::storage::sqlite
