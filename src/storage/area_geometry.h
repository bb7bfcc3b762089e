#pragma once
// Area boundaries for the map (grip import --geojson, grip demo): the
// boundary of a buurt or wijk is kept with the area, per municipality, on
// both backends (table area_geometry of the migration of that name).
//
// These two functions belong to the store interface. They are free
// functions over the two backends rather than virtual members of Store so
// that store.h, which nearly every file includes, did not change with them;
// they may move into Store when it changes next.

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace grip::storage {

// The boundary of an area: its code and its geometry, a GeoJSON Polygon or
// MultiPolygon object as compact JSON text (ingest/geojson_areas checks it
// before it is stored).
struct AreaGeometry {
    std::string code;
    std::string geometry;
};

// Replaces the scope's boundaries as a whole, inside a transaction of the
// caller's; Invalid when the scope is not one municipality.
Status replace_area_geometries(Store& store, const std::vector<AreaGeometry>& rows);
// The scope's boundaries in code order.
Result<std::vector<AreaGeometry>> area_geometries(Store& store);

}  // namespace grip::storage
