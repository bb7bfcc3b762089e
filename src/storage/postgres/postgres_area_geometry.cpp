// PostgresStore's area boundaries for the map (table of the migration
// area_geometry): replaced as a whole per municipality; row-level security
// keeps each municipality to its own.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Status PostgresStore::replace_area_geometries(const std::vector<AreaGeometry>& rows) {
    TRY(check_writable());
    TRY(conn_->query("DELETE FROM area_geometry WHERE municipality = $1", Params().add(std::string_view(municipality_))));
    for (const auto& row : rows)
        TRY(conn_->query("INSERT INTO area_geometry(municipality, code, geometry) VALUES($1, $2, $3)",
                         Params()
                             .add(std::string_view(municipality_))
                             .add(std::string_view(row.code))
                             .add(std::string_view(row.geometry))));
    return ok_status();
}

Result<std::vector<AreaGeometry>> PostgresStore::area_geometries() {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT code, geometry FROM area_geometry WHERE {} ORDER BY code", in_scope("municipality", 1)),
        Params().add(std::string_view(municipality_))));
    std::vector<AreaGeometry> out;
    for (int r = 0; r < rows.size(); ++r) out.push_back({std::string(rows.text(r, 0)), std::string(rows.text(r, 1))});
    return out;
}

}  // namespace grip::storage::postgres
