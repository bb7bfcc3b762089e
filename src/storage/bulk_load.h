#pragma once
// A store's part of the bulk import path (src/ingest/bulk_path.h), a role
// beside storage::Store that a backend takes on when it has something to
// gain. Both calls run inside the delivery's transaction, so that a rollback
// leaves the store as it was; what a backend does between them must not
// change what any read of the store answers.
//
// SQLite (sqlite/sqlite_bulk.cpp): begin_bulk_load drops the secondary
// indexes of the activity table, end_bulk_load builds them again; a
// statement that needs a dropped index (activities_referring) builds them
// first. The file has one writer, and its readers keep their snapshot.
//
// PostgreSQL (postgres/postgres_store.cpp): the indexes stay (the record
// tables are shared by every municipality of the installation, and
// dropping an index would lock them all out until the commit); instead the
// new rows of records, subjects and memberships go in with COPY, through a
// temporary table and one INSERT ... SELECT that row-level security checks
// (Connection::stage), sent before the next statement that names the table.

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
