// The bulk import path's part of the SQLite store (storage/bulk_load.h):
// the activity table's secondary indexes are dropped before a large load and
// built again after it, inside the delivery's transaction. Rows then go into
// the table and its primary key only, and each index is built once from the
// finished table (a sort) rather than grown by one random insert per row.

#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::begin_bulk_load() {
    if (!in_transaction()) return Error::invalid("a bulk load runs inside a transaction");
    if (!dropped_indexes_.empty()) return ok_status();
    std::vector<std::pair<std::string, std::string>> indexes;
    auto* st = TRY(db_->prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rec_activity' AND sql IS NOT NULL "
        "ORDER BY name"));
    while (TRY(st->step())) indexes.emplace_back(std::string(st->text(0)), std::string(st->text(1)));
    st->reset();
    for (const auto& [name, sql] : indexes) {
        TRY(db_->exec("DROP INDEX \"" + name + "\""));
        dropped_indexes_.push_back(sql);
    }
    return ok_status();
}

Status SqliteStore::end_bulk_load() {
    // Taken first: a failure half-way leaves the transaction to be rolled
    // back, which restores every index anyway.
    const auto indexes = std::move(dropped_indexes_);
    dropped_indexes_.clear();
    for (const auto& sql : indexes) TRY(db_->exec(sql));
    return ok_status();
}

}  // namespace grip::storage::sqlite
