// SqliteStore's area boundaries for the map (table of the migration
// area_geometry): replaced as a whole per municipality.

#include "storage/municipality.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::replace_area_geometries(const std::vector<AreaGeometry>& rows) {
    TRY(check_writable_scope(municipality_));
    auto* clear = TRY(db_->prepare("DELETE FROM area_geometry WHERE municipality = ?"));
    TRY(clear->bind(1, std::string_view(municipality_)).run());
    auto* insert = TRY(db_->prepare("INSERT INTO area_geometry(municipality, code, geometry) VALUES(?, ?, ?)"));
    for (const auto& row : rows)
        TRY(insert->bind(1, std::string_view(municipality_))
                .bind(2, std::string_view(row.code))
                .bind(3, std::string_view(row.geometry))
                .run());
    return ok_status();
}

Result<std::vector<AreaGeometry>> SqliteStore::area_geometries() {
    auto* st = TRY(db_->prepare("SELECT code, geometry FROM area_geometry WHERE municipality = ? ORDER BY code"));
    st->bind(1, std::string_view(municipality_));
    std::vector<AreaGeometry> out;
    while (TRY(st->step())) out.push_back({std::string(st->text(0)), std::string(st->text(1))});
    st->reset();
    return out;
}

}  // namespace grip::storage::sqlite
