#include "records/record.h"

#include <cctype>

#include <fmt/format.h>

namespace grip::records {

std::vector<Reference> Record::references() const {
    std::vector<Reference> out;
    for (const auto& f : kind_spec(kind).fields) {
        if (f.type != FieldType::Ref) continue;
        if (auto* v = fields.if_contains(f.name); v && v->is_string())
            out.push_back({f.name, f.ref, std::string(v->get_string())});
    }
    return out;
}

std::string_view Record::text(std::string_view field) const {
    if (auto* v = fields.if_contains(field); v && v->is_string()) return v->get_string();
    return {};
}

std::string address_key(std::string_view postcode, int64_t house_number, std::string_view suffix) {
    std::string normal;
    for (char c : suffix)
        if (c != ' ' && c != '-') normal += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return fmt::format("{} {} {}", postcode, house_number, normal);
}

}  // namespace grip::records
