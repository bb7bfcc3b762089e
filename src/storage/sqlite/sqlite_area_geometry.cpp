// SqliteStore's area boundaries for the map: written once in
// storage/area_geometry_sql.cpp.

#include "storage/area_geometry_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::replace_area_geometries(const std::vector<AreaGeometry>& rows) {
    return portable::replace_area_geometries(session_, rows);
}

Result<std::vector<AreaGeometry>> SqliteStore::area_geometries() { return portable::area_geometries(session_); }

}  // namespace grip::storage::sqlite
