#pragma once
// The OpenAPI 3.0 document of the API, made from the route table and the
// record kinds of the exchange format, so that it describes every route the
// server has and nothing it has not.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_contact.h"
#include "api/router.h"

namespace grip::api {

// The base path of every route of the API but /healthz: the document's
// server, so that its paths are relative to it ("/records/{kind}").
inline constexpr std::string_view kApiBasePath = "/api/v1";

// The tag of a route: its own, else the first segment of its path after
// /api/v1 ("records" for /api/v1/records/{kind}).
std::string route_tag(const Route& route);

boost::json::object openapi_document(const Router& router, const ApiContact& contact = {});

}  // namespace grip::api
