#pragma once
// Reading request bodies: the content type must be one the route takes
// (else 415), and JSON must parse to an object (else 400).

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "api/call.h"

namespace grip::api {

// The media type of the request without parameters, lower case ("application/json").
std::string media_type(const Call& call);
Result<boost::json::object> json_object_body(const Call& call);

// The `limit` of a page from the query: the default when absent, else a
// whole number from 1 to the maximum (Invalid otherwise).
Result<int> page_limit(const Call& call);
// The `bsn` of a search body (9 digits passing the eleven test); Invalid
// names the field, never the value.
Result<std::string> bsn_in(const boost::json::object& body);

// A whole number of text (a path parameter, a cursor) within [min, max], or nothing.
std::optional<int64_t> whole_number(std::string_view text, int64_t min, int64_t max);
// The `{year}` of the path (1900 to 9999), or nothing.
std::optional<int> path_year(const Call& call);

}  // namespace grip::api
