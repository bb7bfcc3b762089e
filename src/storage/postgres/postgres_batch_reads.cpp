// PostgresStore's reads of many rows (storage/batch_reads.h): the subjects
// of several persons or addresses in one statement. (active_on_days is with
// the figures, in postgres_figures.cpp.)

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {

Result<std::unordered_map<std::string, int64_t>> PostgresStore::subjects_of(records::Kind kind,
                                                                           const std::vector<std::string>& ids) {
    std::unordered_map<std::string, int64_t> out;
    if (ids.empty()) return out;
    const std::string json = json_list(ids);
    auto rows = TRY(conn_->query(
        fmt::format("SELECT id, subject FROM {} WHERE {} AND id IN (SELECT jsonb_array_elements_text($2::jsonb))",
                    table_of(kind), in_scope("municipality", 1)),
        Params().add(std::string_view(municipality_)).add(std::string_view(json))));
    for (int r = 0; r < rows.size(); ++r)
        out[std::string(rows.text(r, 0))] = rows.is_null(r, 1) ? 0 : rows.int64(r, 1);
    return out;
}

Result<std::unordered_set<std::string>> PostgresStore::in_scope_ids(records::Kind kind,
                                                                    const std::vector<std::string>& ids,
                                                                    const std::string& organisation,
                                                                    const std::vector<std::string>& locations,
                                                                    int64_t user, int64_t now) {
    std::unordered_set<std::string> out;
    if (ids.empty() || (kind != records::Kind::Person && kind != records::Kind::Address)) return out;
    const std::string_view field = kind == records::Kind::Person ? "person" : "address";
    auto rows = TRY(conn_->query(
        fmt::format("SELECT t.id FROM {0} t WHERE {2} AND t.id IN (SELECT jsonb_array_elements_text($2::jsonb)) AND ("
                    "EXISTS(SELECT 1 FROM rec_activity a WHERE a.municipality = t.municipality AND a.\"{1}\" = t.id "
                    "AND (($3 <> '' AND a.organisation = $3) OR a.location IN "
                    "(SELECT jsonb_array_elements_text($4::jsonb)))) "
                    "OR EXISTS(SELECT 1 FROM reference_grant g WHERE g.municipality = t.municipality "
                    "AND g.\"user\" = $5 AND g.kind = $6 AND g.id = t.id AND g.expires_at > $7))",
                    table_of(kind), field, in_scope("t.municipality", 1)),
        Params()
            .add(std::string_view(municipality_))
            .add(std::string_view(json_list(ids)))
            .add(std::string_view(organisation))
            .add(std::string_view(json_list(locations)))
            .add(user)
            .add(records::kind_name(kind))
            .add(now)));
    for (int r = 0; r < rows.size(); ++r) out.emplace(rows.text(r, 0));
    return out;
}

}  // namespace grip::storage::postgres
