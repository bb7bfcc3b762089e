#pragma once
#include <string>
#include <vector>

#include "records/kind.h"
#include "storage/municipality.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

// Brings the schema to the newest version (or to `target` when it is above
// 0: for testing an upgrade), one migration at a time, each in its own
// transaction. Rows made before municipalities belong to `home`. Returns the
// version it ended at.
Result<int> migrate(Database& db, std::string_view home, int target = 0);
// The newest schema version this Grip knows.
int schema_version();

inline constexpr int kSchemaVersion = 1;

}  // namespace grip::storage::sqlite
