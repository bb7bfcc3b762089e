#include "storage/table_layout.h"

#include <algorithm>

#include <fmt/format.h>

#include "storage/store.h"

namespace grip::storage {
using records::FieldType;
using records::Kind;

std::string table_of(Kind kind) { return fmt::format("rec_{}", records::kind_name(kind)); }

std::vector<const records::FieldSpec*> plain_columns(Kind kind) {
    const auto& spec = records::kind_spec(kind);
    std::vector<const records::FieldSpec*> out;
    for (const auto& f : spec.fields)
        if (f.name != spec.id_field && f.personal == records::Personal::No) out.push_back(&f);
    return out;
}

std::vector<const records::FieldSpec*> columns_since(Kind kind, int version) {
    auto all = plain_columns(kind);
    std::erase_if(all, [&](const records::FieldSpec* f) { return f->since != version; });
    return all;
}

bool has_column(Kind kind, std::string_view field) {
    for (const auto* f : plain_columns(kind))
        if (f->name == field) return true;
    return false;
}

std::string select_columns(Kind kind, std::string_view prefix) {
    std::string cols = fmt::format("{0}id, {0}seq, {0}delivery, {0}withdrawn, {0}hash, {0}subject, {0}sealed", prefix);
    for (const auto* f : plain_columns(kind)) cols += fmt::format(", {}\"{}\"", prefix, f->name);
    return cols;
}

bool is_json_column(FieldType t) {
    return t == FieldType::TextList || t == FieldType::EnumList || t == FieldType::LanguageList ||
           t == FieldType::Attributes;
}

Status check_table(std::string_view table) {
    const auto tables = logical_tables();
    if (table == "meta" || std::find(tables.begin(), tables.end(), table) != tables.end()) return ok_status();
    return Error::invalid(fmt::format("no table {} in the store", table));
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", n);
    return out;
}

Status check_columns(std::string_view table, const std::vector<std::string>& known,
                     const std::vector<std::string>& columns) {
    for (const auto& c : columns)
        if (std::find(known.begin(), known.end(), c) == known.end())
            return Error::invalid(fmt::format("no column {} in table {}", c, table));
    return ok_status();
}

}  // namespace grip::storage
