// Area boundaries (table of the migration area_geometry): replaced as a
// whole per municipality.

#include "storage/area_geometry_sql.h"

#include <fmt/format.h>

namespace grip::storage::portable {

Status replace_area_geometries(SqlSession& sql, const std::vector<AreaGeometry>& rows) {
    TRY(sql.check_writable());
    const std::string_view scope = sql.municipality();
    TRY(sql.run("DELETE FROM area_geometry WHERE municipality = ?", values(scope)));
    for (const AreaGeometry& row : rows) {
        TRY(sql.run("INSERT INTO area_geometry(municipality, code, geometry) VALUES(?, ?, ?)",
                    values(scope, std::string_view(row.code), std::string_view(row.geometry))));
    }
    return ok_status();
}

Result<std::vector<AreaGeometry>> area_geometries(SqlSession& sql) {
    std::vector<AreaGeometry> out;
    TRY(sql.query(fmt::format("SELECT code, geometry FROM area_geometry WHERE {} ORDER BY code",
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality())), [&](const RowView& row) {
                      out.push_back({std::string(row.text(0)), std::string(row.text(1))});
                      return ok_status();
                  }));
    return out;
}

}  // namespace grip::storage::portable
