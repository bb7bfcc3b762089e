// SqliteStore's reads of many rows (storage/batch_reads.h): the subjects of
// several persons or addresses in one statement; the active activities of
// several days as active_on asks them (in process, a statement costs no
// round trip).

#include <fmt/format.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/row_values.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

Result<std::unordered_map<std::string, int64_t>> SqliteStore::subjects_of(records::Kind kind,
                                                                         const std::vector<std::string>& ids) {
    std::unordered_map<std::string, int64_t> out;
    if (ids.empty()) return out;
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT id, subject FROM {} WHERE municipality = ? AND id IN (SELECT value FROM json_each(?))", table_of(kind))));
    const std::string json = json_list(ids);
    st->bind(1, std::string_view(municipality_)).bind(2, std::string_view(json));
    while (TRY(st->step())) out[std::string(st->text(0))] = st->is_null(1) ? 0 : st->int64(1);
    st->reset();
    return out;
}

Result<std::unordered_set<std::string>> SqliteStore::in_scope_ids(records::Kind kind,
                                                                  const std::vector<std::string>& ids,
                                                                  const std::string& organisation,
                                                                  const std::vector<std::string>& locations,
                                                                  int64_t user, int64_t now) {
    std::unordered_set<std::string> out;
    if (ids.empty() || (kind != records::Kind::Person && kind != records::Kind::Address)) return out;
    const std::string_view field = kind == records::Kind::Person ? "person" : "address";
    auto* st = TRY(db_->prepare(fmt::format(
        "SELECT t.id FROM {0} t WHERE t.municipality = ?1 AND t.id IN (SELECT value FROM json_each(?2)) AND ("
        "EXISTS(SELECT 1 FROM rec_activity a WHERE a.municipality = t.municipality AND a.\"{1}\" = t.id "
        "AND ((?3 <> '' AND a.organisation = ?3) OR a.location IN (SELECT value FROM json_each(?4)))) "
        "OR EXISTS(SELECT 1 FROM reference_grant g WHERE g.municipality = t.municipality AND g.user = ?5 "
        "AND g.kind = ?6 AND g.id = t.id AND g.expires_at > ?7))",
        table_of(kind), field)));
    const std::string id_list = json_list(ids);
    const std::string location_list = json_list(locations);
    st->bind(1, std::string_view(municipality_))
        .bind(2, std::string_view(id_list))
        .bind(3, std::string_view(organisation))
        .bind(4, std::string_view(location_list))
        .bind(5, user)
        .bind(6, records::kind_name(kind))
        .bind(7, now);
    while (TRY(st->step())) out.emplace(st->text(0));
    st->reset();
    return out;
}

Result<std::map<std::string, std::vector<ActiveActivity>>> SqliteStore::active_on_days(
    std::string_view type, const std::vector<std::string>& days) {
    std::map<std::string, std::vector<ActiveActivity>> out;
    for (const auto& day : days) out[day] = TRY(active_on(type, day));
    return out;
}

}  // namespace grip::storage::sqlite
