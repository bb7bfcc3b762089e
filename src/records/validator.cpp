#include "records/validator.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "common/date.h"
#include "records/bsn.h"

namespace grip::records {
namespace json = boost::json;
namespace {

using catalogue::AttributeType;

// The longest text of an activity's attribute (the catalogue's types).
constexpr size_t kAttributeText = 1000;

constexpr std::string_view kAreaCodeMessage = "must be a CBS area code (GMnnnn, WKnnnnnn, BUnnnnnnnn)";

// A CBS code: GM and 4 digits (gemeente), WK and 6 (wijk), BU and 8 (buurt).
std::optional<std::string> area_code_problem(std::string_view code) {
    size_t digits = 0;
    if (code.starts_with("GM")) digits = 4;
    else if (code.starts_with("WK")) digits = 6;
    else if (code.starts_with("BU")) digits = 8;
    const bool ok = digits != 0 && code.size() == 2 + digits &&
                    std::all_of(code.begin() + 2, code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) return std::string(kAreaCodeMessage);
    return std::nullopt;
}

// The id of a record: at most 100 characters, no control characters, no
// space at either end (" P-1" and "P-1" would be two records to the store
// and one to a reader).
std::optional<std::string> id_problem(std::string_view id) {
    if (id.empty()) return "must be a non-empty string";
    if (auto problem = text_problem(id, kMaxIdLength, false)) return problem;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (space(id.front()) || space(id.back())) return "must not begin or end with a space";
    return std::nullopt;
}

class Checker {
public:
    Checker(const catalogue::Catalogue& cat, ValueSource source, std::vector<FieldError>& errors)
        : cat_(cat), source_(source), errors_(errors) {}

    void error(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }

    std::optional<std::string> as_text(const std::string& field, const json::value& v, size_t max_length = kShortText,
                                       bool multiline = false) {
        if (v.is_string()) {
            if (v.get_string().empty()) {
                error(field, "must not be empty");
                return std::nullopt;
            }
            if (auto problem = text_problem(v.get_string(), max_length, multiline)) {
                error(field, std::move(*problem));
                return std::nullopt;
            }
            return std::string(v.get_string());
        }
        error(field, "must be a string");
        return std::nullopt;
    }

    std::optional<int64_t> as_int(const std::string& field, const json::value& v, long long min, long long max) {
        int64_t n = 0;
        if (v.is_int64()) {
            n = v.get_int64();
        } else if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
            n = static_cast<int64_t>(v.get_uint64());
        } else if (v.is_double() && std::floor(v.get_double()) == v.get_double() && std::abs(v.get_double()) < 1e15) {
            n = static_cast<int64_t>(v.get_double());
        } else if (v.is_string() && source_ == ValueSource::Text) {
            const auto& s = v.get_string();
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec != std::errc() || p != s.data() + s.size()) {
                error(field, "must be a whole number");
                return std::nullopt;
            }
        } else {
            error(field, "must be a whole number");
            return std::nullopt;
        }
        if (n < min) {
            error(field, fmt::format("must be at least {}", min));
            return std::nullopt;
        }
        if (max != 0 && n > max) {
            error(field, fmt::format("must be at most {}", max));
            return std::nullopt;
        }
        return n;
    }

    std::optional<double> as_number(const std::string& field, const json::value& v) {
        if (v.is_number()) return v.to_number<double>();
        if (v.is_string() && source_ == ValueSource::Text) {
            std::string s(v.get_string());
            std::replace(s.begin(), s.end(), ',', '.');  // Dutch spreadsheets write 1,5
            double d = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
            if (ec == std::errc() && p == s.data() + s.size() && std::isfinite(d)) return d;
        }
        error(field, "must be a number");
        return std::nullopt;
    }

    std::optional<bool> as_bool(const std::string& field, const json::value& v) {
        if (v.is_bool()) return v.get_bool();
        if (v.is_string() && source_ == ValueSource::Text) {
            if (v.get_string() == "true") return true;
            if (v.get_string() == "false") return false;
        }
        error(field, "must be true or false");
        return std::nullopt;
    }

    std::optional<std::string> as_date(const std::string& field, const json::value& v) {
        if (!v.is_string() || !Date::parse(v.get_string())) {
            error(field, "must be a date YYYY-MM-DD");
            return std::nullopt;
        }
        return std::string(v.get_string());
    }

    // A list from JSON, or from a CSV cell with values joined by '|'.
    std::optional<std::vector<std::string>> as_list(const std::string& field, const json::value& v) {
        std::vector<std::string> out;
        if (v.is_array()) {
            for (const auto& e : v.get_array()) {
                if (!e.is_string() || e.get_string().empty()) {
                    error(field, "must be a list of texts");
                    return std::nullopt;
                }
                out.emplace_back(e.get_string());
            }
            return out;
        }
        if (v.is_string() && source_ == ValueSource::Text) {
            std::string_view s = v.get_string();
            size_t start = 0;
            while (start <= s.size()) {
                const size_t bar = s.find('|', start);
                const auto part = s.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
                if (part.empty()) {
                    error(field, "has an empty value in its list");
                    return std::nullopt;
                }
                out.emplace_back(part);
                if (bar == std::string_view::npos) break;
                start = bar + 1;
            }
            return out;
        }
        error(field, "must be a list");
        return std::nullopt;
    }

    std::optional<json::value> attribute(const std::string& field, const catalogue::AttributeDef& def,
                                         const json::value& v) {
        switch (def.type) {
            case AttributeType::Text:
                if (auto t = as_text(field, v, kAttributeText)) return json::value(*t);
                return std::nullopt;
            case AttributeType::Bool:
                if (auto b = as_bool(field, v)) return json::value(*b);
                return std::nullopt;
            case AttributeType::Int:
                if (auto n = as_int(field, v, INT64_MIN, 0)) return json::value(*n);
                return std::nullopt;
            case AttributeType::Number:
                if (auto d = as_number(field, v)) return json::value(*d);
                return std::nullopt;
            case AttributeType::Date:
                if (auto d = as_date(field, v)) return json::value(*d);
                return std::nullopt;
            case AttributeType::Country:
                if (auto c = country(field, v)) return json::value(*c);
                return std::nullopt;
            case AttributeType::Enum: {
                auto t = as_text(field, v);
                if (!t) return std::nullopt;
                if (!def.allows(*t)) {
                    error(field, "is not one of the values the catalogue allows");
                    return std::nullopt;
                }
                return json::value(*t);
            }
            case AttributeType::List: {
                auto list = as_list(field, v);
                if (!list) return std::nullopt;
                json::array arr;
                for (const auto& e : *list) {
                    if (!def.values.empty() && !def.allows(e)) {
                        error(field, "holds a value the catalogue does not allow");
                        return std::nullopt;
                    }
                    arr.emplace_back(e);
                }
                return json::value(std::move(arr));
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> country(const std::string& field, const json::value& v) {
        if (v.is_string() && v.get_string().size() == 2 &&
            std::isupper(static_cast<unsigned char>(v.get_string()[0])) &&
            std::isupper(static_cast<unsigned char>(v.get_string()[1])))
            return std::string(v.get_string());
        error(field, "must be a country code (ISO 3166-1 alpha-2, e.g. PL)");
        return std::nullopt;
    }

    bool catalogue_has(std::string_view kind_field, std::string_view code, records::Kind kind) const {
        if (kind == Kind::Activity || kind_field == "activity") return cat_.activity_type(code) != nullptr;
        if (kind == Kind::Location) return cat_.has_location_type(code);
        if (kind == Kind::Aggregate) return cat_.has_aggregate_type(code);
        if (kind == Kind::Milestone) return cat_.theme(code) != nullptr;
        return false;
    }

    std::optional<json::value> field(const KindSpec& kind, const FieldSpec& f, const json::value& v,
                                     const json::object& raw) {
        const std::string name(f.name);
        switch (f.type) {
            case FieldType::Text:
                if (auto t = as_text(name, v, f.max_length, f.multiline)) return json::value(*t);
                return std::nullopt;
            case FieldType::Ref: {
                if (!v.is_string()) {
                    error(name, "must be a string");
                    return std::nullopt;
                }
                if (v.get_string().empty()) {
                    error(name, "must not be empty");
                    return std::nullopt;
                }
                if (auto problem =
                        f.ref == Kind::Area ? area_code_problem(v.get_string()) : id_problem(v.get_string())) {
                    error(name, std::move(*problem));
                    return std::nullopt;
                }
                return v;
            }
            case FieldType::Int:
                if (auto n = as_int(name, v, f.min, f.max)) return json::value(*n);
                return std::nullopt;
            case FieldType::Number:
                if (auto d = as_number(name, v)) {
                    if (std::floor(*d) == *d && std::abs(*d) < 1e15) return json::value(static_cast<int64_t>(*d));
                    return json::value(*d);
                }
                return std::nullopt;
            case FieldType::Bool:
                if (auto b = as_bool(name, v)) return json::value(*b);
                return std::nullopt;
            case FieldType::Date:
                if (auto d = as_date(name, v)) return json::value(*d);
                return std::nullopt;
            case FieldType::Period:
                if (!v.is_string() || !Period::parse(v.get_string())) {
                    error(name, "must be a period YYYY, YYYY-Qn or YYYY-MM");
                    return std::nullopt;
                }
                return v;
            case FieldType::Enum: {
                auto t = as_text(name, v);
                if (!t) return std::nullopt;
                if (std::find(f.values.begin(), f.values.end(), *t) == f.values.end()) {
                    std::string allowed;
                    for (auto a : f.values) allowed += (allowed.empty() ? "" : ", ") + std::string(a);
                    error(name, fmt::format("must be one of {}", allowed));
                    return std::nullopt;
                }
                return json::value(*t);
            }
            case FieldType::CatalogueCode: {
                auto t = as_text(name, v);
                if (!t) return std::nullopt;
                if (!catalogue_has(name, *t, kind.kind)) {
                    error(name, fmt::format("is not a {} the catalogue knows", name == "theme" ? "theme" : "type"));
                    return std::nullopt;
                }
                return json::value(*t);
            }
            case FieldType::TextList:
            case FieldType::EnumList:
            case FieldType::LanguageList: {
                auto list = as_list(name, v);
                if (!list) return std::nullopt;
                json::array arr;
                for (const auto& e : *list) {
                    if (auto problem = text_problem(e, f.max_length, f.multiline)) {
                        error(name, "holds a value that " + *problem);
                        return std::nullopt;
                    }
                    if (f.type == FieldType::EnumList &&
                        std::find(f.values.begin(), f.values.end(), e) == f.values.end()) {
                        error(name, "holds a value that is not allowed");
                        return std::nullopt;
                    }
                    if (f.type == FieldType::LanguageList &&
                        (e.size() != 2 || !std::islower(static_cast<unsigned char>(e[0])) ||
                         !std::islower(static_cast<unsigned char>(e[1])))) {
                        error(name, "must hold language codes (ISO 639-1, e.g. pl)");
                        return std::nullopt;
                    }
                    arr.emplace_back(e);
                }
                return json::value(std::move(arr));
            }
            case FieldType::Country:
                if (auto c = country(name, v)) return json::value(*c);
                return std::nullopt;
            case FieldType::Postcode: {
                const auto pc = v.is_string() ? normalise_postcode(v.get_string()) : std::string();
                if (pc.empty()) {
                    error(name, "must be a Dutch postcode (1234 AB)");
                    return std::nullopt;
                }
                return json::value(pc);
            }
            case FieldType::Bsn:
                if (!v.is_string() || !is_valid_bsn(v.get_string())) {
                    error(name, "is not a valid BSN (nine digits passing the eleven test)");
                    return std::nullopt;
                }
                return v;
            case FieldType::Kvk: {
                const bool ok = v.is_string() && v.get_string().size() == 8 &&
                                std::all_of(v.get_string().begin(), v.get_string().end(),
                                            [](char c) { return c >= '0' && c <= '9'; });
                if (!ok) {
                    error(name, "must be a KvK number of 8 digits");
                    return std::nullopt;
                }
                return v;
            }
            case FieldType::AreaCode: {
                if (!v.is_string() || area_code_problem(v.get_string())) {
                    error(name, std::string(kAreaCodeMessage));
                    return std::nullopt;
                }
                return v;
            }
            case FieldType::Attributes: return attributes(v, raw);
        }
        return std::nullopt;
    }

    std::optional<json::value> attributes(const json::value& v, const json::object& raw) {
        if (!v.is_object()) {
            error("attributes", "must be an object");
            return std::nullopt;
        }
        const auto* type_value = raw.if_contains("type");
        const auto* type =
            type_value && type_value->is_string() ? cat_.activity_type(type_value->get_string()) : nullptr;
        if (!type) return std::nullopt;  // the type field already has its error
        json::object out;
        bool ok = true;
        for (const auto& kv : v.get_object()) {
            const std::string name = fmt::format("attributes.{}", std::string_view(kv.key()));
            const auto* def = type->attribute(kv.key());
            if (!def) {
                error(name, fmt::format("unknown attribute for type {}", type->code));
                ok = false;
                continue;
            }
            if (kv.value().is_null()) continue;
            if (auto a = attribute(name, *def, kv.value())) out[kv.key()] = std::move(*a);
            else ok = false;
        }
        if (!ok) return std::nullopt;
        return json::value(std::move(out));
    }

private:
    const catalogue::Catalogue& cat_;
    ValueSource source_;
    std::vector<FieldError>& errors_;
};

void check_order(const json::object& fields, std::string_view first, std::string_view second,
                 std::vector<FieldError>& errors) {
    auto* a = fields.if_contains(first);
    auto* b = fields.if_contains(second);
    if (a && b && a->is_string() && b->is_string() && b->get_string() < a->get_string())
        errors.push_back({std::string(second), fmt::format("must not be before {}", first)});
}

void check_area_level(const json::object& fields, std::vector<FieldError>& errors) {
    auto* code = fields.if_contains("code");
    auto* level = fields.if_contains("level");
    if (!code || !level) return;
    const std::string_view c = code->get_string();
    const std::string_view l = level->get_string();
    const bool ok = (l == "gemeente" && c.starts_with("GM")) || (l == "wijk" && c.starts_with("WK")) ||
                    (l == "buurt" && c.starts_with("BU"));
    if (!ok) errors.push_back({"level", "does not match the kind of area code (GM gemeente, WK wijk, BU buurt)"});
}

// A person's birth year and birth date, when both are given, must agree; a
// person is never linked to itself.
void check_person(const Record& record, std::vector<FieldError>& errors) {
    const auto date = Date::parse(record.text("birth_date"));
    const auto* year = record.fields.if_contains("birth_year");
    if (date && year && year->is_int64() && year->get_int64() != date->year())
        errors.push_back({"birth_date", "must be in the birth_year given"});
    if (!record.id.empty() && record.text("same_as") == record.id)
        errors.push_back({"same_as", "must be another person than the record itself"});
}

}  // namespace

std::optional<std::string> text_problem(std::string_view text, size_t max_length, bool multiline) {
    // The text is valid UTF-8 here (the JSON parser and the CSV reader check
    // that), so code points can be read without checks of their own.
    size_t chars = 0;
    bool control = false;
    bool bidi = false;
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        char32_t cp = b;
        size_t n = 1;
        if (b >= 0xF0) n = 4, cp = b & 0x07;
        else if (b >= 0xE0) n = 3, cp = b & 0x0F;
        else if (b >= 0xC0) n = 2, cp = b & 0x1F;
        for (size_t k = 1; k < n && i + k < text.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += n;
        ++chars;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            if (!(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) control = true;
        }
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) bidi = true;
    }
    if (control) return std::string("must not hold control characters");
    if (bidi)
        return std::string("must not hold characters that change the writing direction (U+202A-U+202E, U+2066-U+2069)");
    if (chars > max_length) return fmt::format("is longer than {} characters", max_length);
    return std::nullopt;
}

std::string normalise_postcode(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (out.size() != 6) return {};
    for (int i = 0; i < 4; ++i)
        if (out[i] < '0' || out[i] > '9') return {};
    if (out[0] == '0') return {};
    for (int i = 4; i < 6; ++i)
        if (out[i] < 'A' || out[i] > 'Z') return {};
    // Only one space, between digits and letters, is allowed in the input.
    const auto space = s.find(' ');
    if (space != std::string_view::npos && (space != 4 || s.find(' ', space + 1) != std::string_view::npos)) return {};
    return out;
}

Validation validate_record(const json::object& raw, const catalogue::Catalogue& cat, ValueSource source) {
    Validation result;
    auto& errors = result.errors;
    Checker check(cat, source, errors);

    const auto* kind_value = raw.if_contains("kind");
    if (!kind_value) {
        errors.push_back({"kind", "required"});
        return result;
    }
    std::optional<Kind> kind;
    if (kind_value->is_string()) kind = parse_kind(kind_value->get_string());
    if (!kind) {
        errors.push_back({"kind",
                          "must be one of area, location, organisation, person, address, activity, aggregate, "
                          "milestone, motion"});
        return result;
    }
    const KindSpec& spec = kind_spec(*kind);
    Record record;
    record.kind = *kind;

    // A withdrawal carries only its kind and id.
    if (auto* d = raw.if_contains("deleted")) {
        auto b = check.as_bool("deleted", *d);
        if (b && *b) record.withdrawn = true;
    }

    const auto* id = raw.if_contains(spec.id_field);
    if (!id) {
        errors.push_back({std::string(spec.id_field), "required"});
    } else if (!id->is_string() || id->get_string().empty()) {
        errors.push_back({std::string(spec.id_field), "must be a non-empty string"});
    } else if (auto problem =
                   *kind == Kind::Area ? area_code_problem(id->get_string()) : id_problem(id->get_string())) {
        errors.push_back({std::string(spec.id_field), std::move(*problem)});
    } else {
        record.id = std::string(id->get_string());
    }

    for (const auto& kv : raw) {
        const std::string_view key = kv.key();
        if (key == "kind" || key == "deleted") continue;
        const FieldSpec* f = spec.field(key);
        if (!f) {
            errors.push_back({std::string(key), fmt::format("unknown field for kind {}", spec.name)});
            continue;
        }
        if (record.withdrawn || key == spec.id_field) continue;
        if (kv.value().is_null()) continue;
        if (auto v = check.field(spec, *f, kv.value(), raw)) record.fields[key] = std::move(*v);
    }

    if (!record.withdrawn) {
        for (const auto& f : spec.fields) {
            if (f.required && f.name != spec.id_field && !raw.contains(f.name))
                errors.push_back({std::string(f.name), "required"});
        }
        check_order(record.fields, "date", "end_date", errors);
        check_order(record.fields, "opened", "closed", errors);
        check_order(record.fields, "covenant_since", "covenant_until", errors);
        if (*kind == Kind::Person) check_person(record, errors);
        if (*kind == Kind::Area) {
            check_area_level(record.fields, errors);
            if (record.text("parent") == record.id && !record.id.empty())
                errors.push_back({"parent", "an area cannot be its own parent"});
        }
    }
    if (!record.id.empty()) record.fields[spec.id_field] = record.id;

    if (errors.empty()) {
        // Errors are reported in the order of the record's fields.
        result.record = std::move(record);
    }
    return result;
}

}  // namespace grip::records
