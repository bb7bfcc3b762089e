#include "storage/row_values.h"

#include <boost/json.hpp>

#include "storage/table_layout.h"

namespace grip::storage {
namespace json = boost::json;

json::object fields_from_body(records::Kind kind, std::string_view id, std::string_view body) {
    const auto& spec = records::kind_spec(kind);
    json::object fields;
    fields[spec.id_field] = std::string(id);
    const json::value parsed = json::parse(body);
    for (const auto& kv : parsed.as_object()) {
        if (kv.value().is_null()) continue;
        const auto* f = spec.field(kv.key());
        if (!f) continue;
        if (f->type == records::FieldType::Bool && kv.value().is_int64())
            fields[kv.key()] = kv.value().get_int64() != 0;
        else fields[kv.key()] = kv.value();
    }
    return fields;
}

Cell field_cell(const records::FieldSpec& f, const json::value* v) {
    using records::FieldType;
    if (!v || v->is_null()) return Cell{};
    if (is_json_column(f.type)) return Cell{Cell::Type::Text, 0, 0, json::serialize(*v)};
    switch (f.type) {
        case FieldType::Int: return Cell{Cell::Type::Int, v->to_number<int64_t>(), 0, {}};
        case FieldType::Bool: return Cell{Cell::Type::Int, v->get_bool() ? 1 : 0, 0, {}};
        case FieldType::Number:
            if (v->is_int64()) return Cell{Cell::Type::Int, v->get_int64(), 0, {}};
            return Cell{Cell::Type::Real, 0, v->to_number<double>(), {}};
        default: return Cell{Cell::Type::Text, 0, 0, std::string(v->get_string())};
    }
}

std::string json_list(const std::vector<std::string>& ids) {
    json::array a;
    for (const auto& id : ids) a.emplace_back(id);
    return json::serialize(a);
}

Result<std::vector<std::string>> locations_of(std::string_view text) {
    std::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_array()) return Error::storage("a user's locations in the store are not a JSON list");
    std::vector<std::string> out;
    for (const auto& l : v.get_array()) {
        if (!l.is_string()) return Error::storage("a user's locations in the store are not a JSON list of ids");
        out.emplace_back(l.get_string());
    }
    return out;
}

}  // namespace grip::storage
