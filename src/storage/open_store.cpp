#include "storage/store.h"

#include <fmt/format.h>

#include "common/private_file.h"
#include "storage/location.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& location, std::string_view municipality) {
    TRY(check_scope(municipality));
    if (is_server_url(location)) {
        auto store = TRY(postgres::PostgresStore::open(location, municipality));
        return std::unique_ptr<Store>(std::move(store));
    }
    std::error_code ec;
    const std::filesystem::path path(location);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    // The store holds personal data (sealed, but with pseudonyms and record
    // ids in the clear): mode 0600. SQLite gives its -wal and -shm files the
    // mode of the store file, so the store file is made before SQLite opens
    // it, and files left wider by an earlier version are tightened.
    if (location != ":memory:") {
        TRY(create_private_file(path));
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) TRY(keep_private(location + suffix));
    }
    auto store = TRY(sqlite::SqliteStore::open(location, municipality));
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace grip::storage
