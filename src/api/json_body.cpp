#include "api/json_body.h"

#include "common/strict_json.h"

namespace grip::api {

Result<boost::json::object> parse_json_object(std::string_view body) {
    // Strict: a key given twice is refused (the last would silently win).
    auto parsed = parse_json_strict(body);
    if (!parsed) {
        if (parsed.error().message.starts_with("not valid JSON")) return Error::invalid("the body is not valid JSON");
        return Error::invalid("the body is not valid JSON: " + parsed.error().message);
    }
    auto value = std::move(*parsed);
    if (!value.is_object()) return Error::invalid("the body must be a JSON object");
    return std::move(value.as_object());
}

}  // namespace grip::api
