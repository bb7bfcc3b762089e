#pragma once
// The JSON of a request body, apart from the request, so that the fuzz
// target (tests/fuzz/json_body_fuzz.cpp) reads it as every JSON route does.

#include <string_view>

#include <boost/json/object.hpp>

#include "common/result.h"

namespace grip::api {

// The body parsed as JSON; Invalid when it is not JSON or not an object.
Result<boost::json::object> parse_json_object(std::string_view body);

}  // namespace grip::api
