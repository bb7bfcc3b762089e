#pragma once
// The OpenAPI 3.0 document of the API, made from the route table and the
// record kinds of the exchange format, so that it describes every route the
// server has and nothing it has not.

#include <boost/json/object.hpp>

#include "api/router.h"

namespace grip::api {

boost::json::object openapi_document(const Router& router);

}  // namespace grip::api
