#pragma once
// Area boundaries for the map (storage/area_geometry.h), written once for
// both backends over portable SQL (storage/sql_session.h).

#include <vector>

#include "common/result.h"
#include "storage/area_geometry.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

Status replace_area_geometries(SqlSession& sql, const std::vector<AreaGeometry>& rows);
Result<std::vector<AreaGeometry>> area_geometries(SqlSession& sql);

}  // namespace grip::storage::portable
