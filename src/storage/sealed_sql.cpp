#include "storage/sealed_sql.h"

#include <fmt/format.h>

#include "storage/table_layout.h"

namespace grip::storage {

Status check_sealed_column(const SealedColumn& column, const Row& after) {
    for (const auto& known : sealed_columns()) {
        if (known.table != column.table || known.column != column.column || known.key != column.key) continue;
        if (!after.empty() && after.size() != column.key.size())
            return Error::invalid(fmt::format("a key of {} has {} cells, not {}", column.table, after.size(),
                                              column.key.size()));
        return ok_status();
    }
    return Error::invalid(fmt::format("{}.{} holds no sealed data", column.table, column.column));
}

std::string sealed_select(const SealedColumn& column, bool after, int limit, std::string (*marker)(int)) {
    const std::string keys = quoted_list(column.key);
    std::string sql = fmt::format("SELECT {}, \"{}\" FROM \"{}\" WHERE \"{}\" IS NOT NULL", keys, column.column,
                                  column.table, column.column);
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

}  // namespace grip::storage
