#include "common/json_fields.h"

namespace grip {

const boost::json::string* string_field(const boost::json::object& object, std::string_view name) {
    const auto* v = object.if_contains(name);
    return v && v->is_string() ? &v->get_string() : nullptr;
}

std::string string_value(const boost::json::object& object, std::string_view name) {
    const auto* v = string_field(object, name);
    return v ? std::string(*v) : std::string();
}

}  // namespace grip
