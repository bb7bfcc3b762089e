// PostgresStore's casework: cases and their events (tables of migration 4),
// written once in storage/case_sql.cpp. Case ids are unique in the
// installation.

#include "storage/case_sql.h"
#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Result<int64_t> PostgresStore::add_case(const CaseRow& row) { return portable::add_case(session_, row); }

Status PostgresStore::update_case(const CaseRow& row, int64_t expected_version) {
    return portable::update_case(session_, row, expected_version);
}

Result<std::optional<CaseRow>> PostgresStore::case_by_id(int64_t id) { return portable::case_by_id(session_, id); }

Result<std::vector<CaseRow>> PostgresStore::cases(const CaseFilter& f) { return portable::cases(session_, f); }

Status PostgresStore::add_case_event(const CaseEventRow& e) { return portable::add_case_event(session_, e); }

Result<std::vector<CaseEventRow>> PostgresStore::case_events(int64_t case_id) {
    return portable::case_events(session_, case_id);
}

}  // namespace grip::storage::postgres
