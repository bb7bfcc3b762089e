#pragma once
// Which way a delivery goes into the store (docs/import.md). The record-at-
// a-time path handles any delivery; the bulk path is chosen for a large
// delivery into a store that holds no records of the municipality yet (the
// first load of a history, a new municipality). It gives exactly the same
// store (tests/unit/bulk_import_test.cpp): records are placed, pseudonymised,
// sealed and counted by the same code in the same order, while
// - the lines of an NDJSON file are parsed and validated in parallel on
//   every core (bulk_validate.h), one batch ahead of the placing, and
// - the store loads without the activity table's secondary indexes and
//   builds them once at the end, in the same transaction (SQLite; see
//   storage/bulk_load.h).

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "storage/store.h"

namespace grip::ingest {

enum class ImportPath { Auto, Record, Bulk };

// From below this much text (decompressed size unknown: the file's size)
// a delivery is large enough for the bulk path: about 100,000 records.
inline constexpr uint64_t kBulkMinBytes = uint64_t{32} << 20;

std::string_view path_name(ImportPath path);
std::optional<ImportPath> parse_path(std::string_view text);

// Whether the store holds no current record of any kind for its municipality.
Result<bool> holds_no_record(storage::Store& store);

// The path a delivery of `size` bytes (nullopt: unknown) takes: `asked`
// unless it is Auto, else Bulk when it is large and the store holds no
// record of any kind for its municipality (`empty_store`: holds_no_record),
// else Record.
ImportPath choose_path(ImportPath asked, std::optional<uint64_t> size, bool empty_store);

}  // namespace grip::ingest
