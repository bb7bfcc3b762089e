#pragma once
// The PostgreSQL schema: the same logical tables and column names as the
// SQLite store (storage/sqlite/schema.cpp), so that rows move between them
// by name, in versioned migrations of its own.

#include "records/kind.h"
#include "storage/postgres/pg_db.h"

namespace grip::storage::postgres {

// The column type of a record field: integers and booleans (0/1) bigint,
// numbers numeric, the rest text compared bytewise.
std::string sql_type(records::FieldType type);

// Brings the schema to the newest version, one migration at a time, each in
// its own transaction under an advisory lock, so that connections opened at
// once do not race. Returns the version it ended at.
Result<int> migrate(Connection& conn);

// The number of migrations this program knows.
int schema_version();

// Advisory lock keys (pg_advisory_xact_lock): one for migrations, one that
// makes writers take turns like SQLite's BEGIN IMMEDIATE.
inline constexpr int64_t kSchemaLock = 0x6772697000000001;  // "grip", 1
inline constexpr int64_t kWriterLock = 0x6772697000000002;  // "grip", 2

}  // namespace grip::storage::postgres
