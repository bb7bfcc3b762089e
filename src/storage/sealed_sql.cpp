#include "storage/sealed_sql.h"

#include <fmt/format.h>
#include <sodium.h>

#include "storage/table_layout.h"

namespace grip::storage {

Status check_sealed_column(const SealedColumn& column, const Row& after) {
    for (const auto& known : sealed_columns()) {
        if (known.table != column.table || known.column != column.column || known.key != column.key) continue;
        if (!after.empty() && after.size() != column.key.size())
            return Error::invalid(
                fmt::format("a key of {} has {} cells, not {}", column.table, after.size(), column.key.size()));
        return ok_status();
    }
    return Error::invalid(fmt::format("{}.{} holds no sealed data", column.table, column.column));
}

std::string sealed_select(const SealedColumn& column, bool after, int limit, std::string (*marker)(int)) {
    const std::string keys = quoted_list(column.key);
    std::string sql = fmt::format("SELECT {}, \"{}\" FROM \"{}\" WHERE \"{}\" IS NOT NULL", keys, column.column,
                                  column.table, column.column);
    if (column.base64) sql += fmt::format(" AND \"{}\" <> ''", column.column);
    if (after) {
        std::string params;
        for (size_t i = 0; i < column.key.size(); ++i) params += (i ? ", " : "") + marker(static_cast<int>(i) + 1);
        sql += fmt::format(" AND ({}) > ({})", keys, params);
    }
    return sql + fmt::format(" ORDER BY {} LIMIT {}", keys, limit);
}

std::string sealed_update(const SealedColumn& column, std::string (*marker)(int)) {
    std::string sql = fmt::format("UPDATE \"{}\" SET \"{}\" = {} WHERE ", column.table, column.column, marker(1));
    int n = 2;
    for (const auto& key : column.key) sql += fmt::format("\"{}\" = {} AND ", key, marker(n++));
    return sql + fmt::format("\"{}\" = {}", column.column, marker(n));
}

Result<std::string> sealed_from_stored(const SealedColumn& column, std::string stored) {
    if (!column.base64) return stored;
    std::string out(stored.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), stored.data(), stored.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return Error::invalid(fmt::format("a value of {}.{} is not base64", column.table, column.column));
    out.resize(length);
    return out;
}

std::string sealed_to_stored(const SealedColumn& column, std::string_view sealed) {
    if (!column.base64) return std::string(sealed);
    std::string out(sodium_base64_ENCODED_LEN(sealed.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating zero
    return out;
}

}  // namespace grip::storage
