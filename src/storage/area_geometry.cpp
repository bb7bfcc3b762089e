#include "storage/area_geometry.h"

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage {

Status replace_area_geometries(Store& store, const std::vector<AreaGeometry>& rows) {
    if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) return s->replace_area_geometries(rows);
    if (auto* p = dynamic_cast<postgres::PostgresStore*>(&store)) return p->replace_area_geometries(rows);
    return Error::unsupported("this store keeps no area boundaries");
}

Result<std::vector<AreaGeometry>> area_geometries(Store& store) {
    if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) return s->area_geometries();
    if (auto* p = dynamic_cast<postgres::PostgresStore*>(&store)) return p->area_geometries();
    return Error::unsupported("this store keeps no area boundaries");
}

}  // namespace grip::storage
