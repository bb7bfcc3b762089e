// PostgresStore's area boundaries for the map: written once in
// storage/area_geometry_sql.cpp.

#include "storage/area_geometry_sql.h"
#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Status PostgresStore::replace_area_geometries(const std::vector<AreaGeometry>& rows) {
    return portable::replace_area_geometries(session_, rows);
}

Result<std::vector<AreaGeometry>> PostgresStore::area_geometries() { return portable::area_geometries(session_); }

}  // namespace grip::storage::postgres
