// Sealed values for `grip key rotate` and `grip check`: the PostgreSQL side
// of Store::sealed_values and replace_sealed. Under kEveryMunicipality the
// row-level security policies let every row through.
#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/sealed_sql.h"

namespace grip::storage::postgres {
namespace {

std::string marker(int n) { return fmt::format("${}", n); }

}  // namespace

Result<std::vector<SealedValue>> PostgresStore::sealed_values(const SealedColumn& column, const Row& after, int limit) {
    if (!every_municipality()) return Error::invalid("sealed values are moved for the whole store only");
    TRY(check_sealed_column(column, after));
    Params params;
    for (const Cell& cell : after) params.add(cell);
    auto rows = TRY(conn_->query(sealed_select(column, !after.empty(), limit, marker), params));
    std::vector<SealedValue> out;
    const int n = static_cast<int>(column.key.size());
    for (int r = 0; r < rows.size(); ++r) {
        SealedValue value;
        for (int i = 0; i < n; ++i) value.key.push_back(cell_of(rows, r, i));
        value.sealed = TRY(sealed_from_stored(column, column.base64 ? std::string(rows.text(r, n)) : rows.bytes(r, n)));
        out.push_back(std::move(value));
    }
    return out;
}

Result<bool> PostgresStore::replace_sealed(const SealedColumn& column, const SealedValue& value,
                                           std::string_view sealed) {
    if (!every_municipality()) return Error::invalid("sealed values are moved for the whole store only");
    TRY(check_sealed_column(column, value.key));
    if (value.key.empty()) return Error::invalid("a sealed value without its row's key");
    Params params;
    const std::string now = sealed_to_stored(column, sealed), before = sealed_to_stored(column, value.sealed);
    auto add = [&](const std::string& v) {
        if (column.base64) params.add(std::string_view(v));
        else params.add_bytes(v);
    };
    add(now);
    for (const Cell& cell : value.key) params.add(cell);
    add(before);
    auto rows = TRY(conn_->query(sealed_update(column, marker), params));
    return rows.affected() > 0;
}

}  // namespace grip::storage::postgres
