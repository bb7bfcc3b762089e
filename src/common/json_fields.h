#pragma once
// The members of a JSON object as the readers of a request body, a report's
// model or a chart take them: a string member, or nothing when it is missing
// or of another type (the reader decides whether that is an error).

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace grip {

// The string member `name`, or null.
const boost::json::string* string_field(const boost::json::object& object, std::string_view name);

// The string member `name` as text, or empty.
std::string string_value(const boost::json::object& object, std::string_view name);

}  // namespace grip
