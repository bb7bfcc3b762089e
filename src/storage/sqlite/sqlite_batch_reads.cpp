// SqliteStore's reads of many rows (storage/batch_reads.h): the subjects of
// several persons or addresses and the need-to-know of several, written once
// in storage/batch_reads_sql.cpp; the active activities of several days as
// active_on asks them (in process, a statement costs no round trip).

#include "storage/batch_reads_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<std::unordered_map<std::string, int64_t>> SqliteStore::subjects_of(records::Kind kind,
                                                                          const std::vector<std::string>& ids) {
    return portable::subjects_of(session_, kind, ids);
}

Result<std::unordered_set<std::string>> SqliteStore::in_scope_ids(records::Kind kind,
                                                                  const std::vector<std::string>& ids,
                                                                  const std::string& organisation,
                                                                  const std::vector<std::string>& locations,
                                                                  int64_t user, int64_t now) {
    return portable::in_scope_ids(session_, kind, ids, organisation, locations, user, now);
}

Result<std::map<std::string, std::vector<ActiveActivity>>> SqliteStore::active_on_days(
    std::string_view type, const std::vector<std::string>& days) {
    std::map<std::string, std::vector<ActiveActivity>> out;
    for (const auto& day : days) out[day] = TRY(active_on(type, day));
    return out;
}

}  // namespace grip::storage::sqlite
