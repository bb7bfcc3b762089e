// Reference grants (Store::grant_reference): written once in
// storage/grant_sql.cpp.

#include "storage/grant_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                                    int64_t expires_at) {
    return portable::grant_reference(session_, user, kind, id, now, expires_at);
}

Result<bool> SqliteStore::has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) {
    return portable::has_reference_grant(session_, user, kind, id, now);
}

}  // namespace grip::storage::sqlite
