#pragma once
#include <string>
#include <vector>

#include "records/kind.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

// Brings the schema to the newest version, one migration at a time, each in
// its own transaction. Returns the version it ended at.
Result<int> migrate(Database& db);

inline constexpr int kSchemaVersion = 1;

}  // namespace grip::storage::sqlite
