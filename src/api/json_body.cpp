#include "api/json_body.h"

#include <boost/json/parse.hpp>

namespace grip::api {

Result<boost::json::object> parse_json_object(std::string_view body) {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    if (ec) return Error::invalid("the body is not valid JSON");
    if (!value.is_object()) return Error::invalid("the body must be a JSON object");
    return std::move(value.as_object());
}

}  // namespace grip::api
