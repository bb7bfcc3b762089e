#pragma once
// Area boundaries from the CBS Wijk- en Buurtkaart, as GeoJSON: the file a
// municipality downloads once (docs/operations.md) and loads with
// `grip import --geojson FILE`, so that the dashboard can draw its buurten.
//
// The file is a FeatureCollection. Each feature is a buurt (it has
// `buurtcode`, "BU05990101") or a wijk (only `wijkcode`, "WK059901"); the
// kaart's shapefiles before 2021 call them `BU_CODE` and `WK_CODE`, which
// are read too. The geometry is a Polygon or MultiPolygon whose rings are
// closed (first and last position the same) and have at least four
// positions; coordinates are kept as given (WGS84 or the kaart's RD New).
// Features of other municipalities (the kaart covers the whole country) are
// skipped; a feature of the store's municipality whose code is not one of
// its areas is refused, as is any other broken feature: nothing is stored
// then, and the error names the feature and what is wrong.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "indicators/area_tree.h"
#include "storage/area_geometry.h"
#include "storage/store.h"

namespace grip::ingest {

struct AreaGeometries {
    std::vector<storage::AreaGeometry> areas;  // in the file's order
    int64_t skipped = 0;                       // features of other municipalities
};

// Reads a GeoJSON text against the municipality's areas (`municipality` a
// CBS code, GM0599). An error is Invalid, "feature N (CODE): what is wrong".
Result<AreaGeometries> read_area_geometries(std::string_view text, const std::vector<indicators::AreaInfo>& areas,
                                            std::string_view municipality);

// Reads the file and replaces the store's boundaries with its areas' in one
// transaction (nothing stored when the file is refused).
Result<AreaGeometries> import_area_geometries(storage::Store& store, const std::filesystem::path& file);

}  // namespace grip::ingest
