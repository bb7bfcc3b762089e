// The reads of many rows (storage/batch_reads.h) in one statement each: the
// subjects of several persons or addresses, and which of them a user may see
// (the need-to-know rule). The lists travel as one JSON parameter each,
// which each backend unpacks its own way (SqlSession::json_texts).

#include "storage/batch_reads_sql.h"

#include <fmt/format.h>

#include "storage/row_values.h"
#include "storage/table_layout.h"

namespace grip::storage::portable {

Result<std::unordered_map<std::string, int64_t>> subjects_of(SqlSession& sql, records::Kind kind,
                                                             const std::vector<std::string>& ids) {
    std::unordered_map<std::string, int64_t> out;
    if (ids.empty()) return out;
    const std::string json = json_list(ids);
    TRY(sql.query(fmt::format("SELECT id, subject FROM {} WHERE {} AND id IN ({})", table_of(kind),
                              sql.in_scope("municipality"), sql.json_texts()),
                  values(std::string_view(sql.municipality()), std::string_view(json)), [&](const RowView& row) {
                      out[std::string(row.text(0))] = row.is_null(1) ? 0 : row.int64(1);
                      return ok_status();
                  }));
    return out;
}

Result<std::unordered_set<std::string>> in_scope_ids(SqlSession& sql, records::Kind kind,
                                                     const std::vector<std::string>& ids,
                                                     const std::string& organisation,
                                                     const std::vector<std::string>& locations, int64_t user,
                                                     int64_t now) {
    std::unordered_set<std::string> out;
    if (ids.empty() || (kind != records::Kind::Person && kind != records::Kind::Address)) return out;
    const std::string_view field = kind == records::Kind::Person ? "person" : "address";
    const std::string id_list = json_list(ids);
    const std::string location_list = json_list(locations);
    TRY(sql.query(
        fmt::format("SELECT t.id FROM {0} t WHERE {2} AND t.id IN ({3}) AND ("
                    "EXISTS(SELECT 1 FROM rec_activity a WHERE a.municipality = t.municipality AND a.\"{1}\" = t.id "
                    "AND ((CAST(? AS TEXT) <> '' AND a.organisation = ?) OR a.location IN ({3}))) "
                    "OR EXISTS(SELECT 1 FROM reference_grant g WHERE g.municipality = t.municipality "
                    "AND g.\"user\" = ? AND g.kind = ? AND g.id = t.id AND g.expires_at > ?))",
                    table_of(kind), field, sql.in_scope("t.municipality"), sql.json_texts()),
        values(std::string_view(sql.municipality()), std::string_view(id_list), std::string_view(organisation),
               std::string_view(organisation), std::string_view(location_list), user, records::kind_name(kind), now),
        [&](const RowView& row) {
            out.emplace(row.text(0));
            return ok_status();
        }));
    return out;
}

}  // namespace grip::storage::portable
