#pragma once
// The routes of the map and of the drill-through, and their response
// schemas for the OpenAPI document. (Declared here rather than in
// api_routes.h and openapi.h so that the many files including those did not
// change with them; they may move there.)

#include <boost/json/object.hpp>

#include "api/router.h"

namespace grip::api {

void add_map_routes(Router& router);    // map_routes.cpp: area boundaries and an indicator per buurt
void add_drill_routes(Router& router);  // drill_routes.cpp: the records and provenance behind a figure

// The schemas of those routes' answers (map_routes.cpp).
boost::json::object map_schemas();

}  // namespace grip::api
