#pragma once
// Moving a whole store from one backend to another (`grip migrate`): every
// row of every logical table, in one transaction of the target, checked
// afterwards table by table. Backend-neutral: it uses the Store interface only.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace grip::storage {

struct TableCopy {
    std::string table;
    int64_t rows = 0;
};

// Told after each batch of rows: the table and the rows copied of it so far.
using CopyProgress = std::function<void(const std::string& table, int64_t rows)>;

// Copies `from` into `to`, which must be empty and have the same schema
// version. All or nothing: on any error the target is left as it was.
Result<std::vector<TableCopy>> copy_store(Store& from, Store& to, const CopyProgress& progress = {});

// A digest of one table's rows that does not depend on their order: equal
// digests, equal tables (with the row count beside it to tell them apart).
struct TableDigest {
    int64_t rows = 0;
    std::string digest;  // hex
    bool operator==(const TableDigest&) const = default;
};
Result<TableDigest> table_digest(Store& store, const std::string& table, const std::vector<std::string>& columns);

// Checks, table by table, that `to` holds exactly the rows of `from`; the
// error names the first table that differs.
Status verify_copy(Store& from, Store& to);

}  // namespace grip::storage
