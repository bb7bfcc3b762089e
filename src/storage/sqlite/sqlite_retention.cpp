// Retention (Store::erase_sealed, Store::unlink_subject): written once in
// storage/retention_sql.cpp.

#include "storage/retention_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::erase_sealed(records::Kind kind, std::string_view id) {
    return portable::erase_sealed(session_, kind, id);
}

Status SqliteStore::unlink_subject(int64_t subject, const Pseudonym& replacement) {
    return portable::unlink_subject(session_, subject, replacement);
}

Status SqliteStore::erase_case_texts(int64_t case_id, std::string_view data) {
    return portable::erase_case_texts(session_, case_id, data);
}

}  // namespace grip::storage::sqlite
