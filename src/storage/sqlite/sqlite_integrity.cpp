// SqliteStore's integrity check: SQLite's own check of the file.

#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<std::string> SqliteStore::integrity_check() {
    auto* st = TRY(db_->prepare("PRAGMA integrity_check"));
    std::string out;
    while (TRY(st->step())) out += std::string(st->text(0));
    return out;
}

}  // namespace grip::storage::sqlite
