// PostgresStore's reads of many rows (storage/batch_reads.h), written once
// in storage/batch_reads_sql.cpp. (active_on_days is with the figures, in
// postgres_figures.cpp.)

#include "storage/batch_reads_sql.h"
#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Result<std::unordered_map<std::string, int64_t>> PostgresStore::subjects_of(records::Kind kind,
                                                                            const std::vector<std::string>& ids) {
    return portable::subjects_of(session_, kind, ids);
}

Result<std::unordered_set<std::string>> PostgresStore::in_scope_ids(records::Kind kind,
                                                                    const std::vector<std::string>& ids,
                                                                    const std::string& organisation,
                                                                    const std::vector<std::string>& locations,
                                                                    int64_t user, int64_t now) {
    return portable::in_scope_ids(session_, kind, ids, organisation, locations, user, now);
}

}  // namespace grip::storage::postgres
