#pragma once
#include <string>
#include <vector>

#include "records/kind.h"
#include "storage/sqlite/sqlite_db.h"

namespace grip::storage::sqlite {

// The record table of a kind and its plain (non-personal) columns, in the
// order of the kind's fields. The id field is the `id` column.
std::string table_of(records::Kind kind);
std::vector<const records::FieldSpec*> plain_columns(records::Kind kind);

// Brings the schema to the newest version, one migration at a time, each in
// its own transaction. Returns the version it ended at.
Result<int> migrate(Database& db);

inline constexpr int kSchemaVersion = 1;

}  // namespace grip::storage::sqlite
