// Sealed values for `grip key rotate` and `grip check`: the SQLite side of
// Store::sealed_values and replace_sealed.
#include <fmt/format.h>

#include "storage/sealed_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {
namespace {

std::string marker(int) { return "?"; }

Status check_whole_store(std::string_view scope) {
    if (scope != kEveryMunicipality) return Error::invalid("sealed values are moved for the whole store only");
    return ok_status();
}

}  // namespace

Result<std::vector<SealedValue>> SqliteStore::sealed_values(const SealedColumn& column, const Row& after, int limit) {
    TRY(check_whole_store(municipality_));
    TRY(check_sealed_column(column, after));
    auto* st = TRY(db_->prepare(sealed_select(column, !after.empty(), limit, marker)));
    for (size_t i = 0; i < after.size(); ++i) st->bind(static_cast<int>(i) + 1, after[i]);
    std::vector<SealedValue> out;
    const int n = static_cast<int>(column.key.size());
    TRY(st->each_row([&](const Statement& row) -> Status {
        SealedValue value;
        for (int i = 0; i < n; ++i) value.key.push_back(row.cell(i));
        value.sealed = TRY(sealed_from_stored(column, std::string(column.base64 ? row.text(n) : row.blob(n))));
        out.push_back(std::move(value));
        return ok_status();
    }));
    return out;
}

Result<bool> SqliteStore::replace_sealed(const SealedColumn& column, const SealedValue& value,
                                         std::string_view sealed) {
    TRY(check_whole_store(municipality_));
    TRY(check_sealed_column(column, value.key));
    if (value.key.empty()) return Error::invalid("a sealed value without its row's key");
    auto* st = TRY(db_->prepare(sealed_update(column, marker)));
    const std::string now = sealed_to_stored(column, sealed), before = sealed_to_stored(column, value.sealed);
    auto bind = [&](int i, const std::string& v) {
        if (column.base64) st->bind(i, std::string_view(v));
        else st->bind_blob(i, v.data(), v.size());
    };
    bind(1, now);
    int n = 2;
    for (const Cell& cell : value.key) st->bind(n++, cell);
    bind(n, before);
    TRY(st->run());
    return db_->changes() > 0;
}

}  // namespace grip::storage::sqlite
