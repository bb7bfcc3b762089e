#pragma once
// The PostgreSQL schema: the same logical tables and column names as the
// SQLite store (storage/sqlite/sqlite_schema.cpp), so that rows move between them
// by name, in versioned migrations of its own.

#include "records/kind.h"
#include "storage/postgres/postgres_db.h"

namespace grip::storage::postgres {

// The column type of a record field: integers and booleans (0/1) bigint,
// numbers numeric, the rest text compared bytewise.
std::string sql_type(records::FieldType type);

// The number of migrations this program knows.
int schema_version();

// Brings the schema to version `target` (the newest unless a test makes an
// older store), one migration at a time, each in its own transaction under an
// advisory lock, so that connections opened at once do not race. `home` is
// the municipality the store is opened with: rows from before
// municipalities become its rows (kEveryMunicipality is refused then).
// Returns the version it ended at.
Result<int> migrate(Connection& conn, std::string_view home, int target = schema_version());

// The tables whose rows belong to one municipality each, under row-level
// security: the record tables, history, deliveries, figures, report texts,
// cases and case events. Users carry a municipality too but are read before
// the scope is known.
std::vector<std::string> municipal_tables();

// Advisory lock keys (pg_advisory_xact_lock): one for migrations, one that
// makes writers take turns like SQLite's BEGIN IMMEDIATE.
inline constexpr int64_t kSchemaLock = 0x6772697000000001;  // "grip", 1
inline constexpr int64_t kWriterLock = 0x6772697000000002;  // "grip", 2

}  // namespace grip::storage::postgres
