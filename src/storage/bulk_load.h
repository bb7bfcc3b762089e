#pragma once
// A store's part of the bulk import path (src/ingest/bulk_path.h), a role
// beside storage::Store that a backend takes on when it has something to
// gain. Both calls run inside the delivery's transaction: begin_bulk_load
// drops the secondary indexes of the activity table, end_bulk_load builds
// them again, so that a rollback leaves the store as it was. A statement
// that needs a dropped index (activities_referring) builds them first.
//
// SQLite takes it on (sqlite/sqlite_bulk.cpp): the file has one writer, and
// its readers keep reading their snapshot. PostgreSQL does not: its record
// tables are shared by every municipality of the installation and read by
// the servers while a delivery loads, and dropping an index would lock them
// all out until the commit.

#include "common/result.h"
#include "storage/store.h"

namespace grip::storage {

class BulkLoad {
public:
    virtual ~BulkLoad() = default;
    virtual Status begin_bulk_load() = 0;
    virtual Status end_bulk_load() = 0;
};

// The store's bulk-load role, or nullptr when its backend has none.
inline BulkLoad* bulk_load_of(Store& store) { return dynamic_cast<BulkLoad*>(&store); }

}  // namespace grip::storage
