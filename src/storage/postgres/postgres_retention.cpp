// Retention (Store::erase_sealed, Store::unlink_subject): written once in
// storage/retention_sql.cpp.

#include "storage/postgres/postgres_store.h"
#include "storage/retention_sql.h"

namespace grip::storage::postgres {

Status PostgresStore::erase_sealed(records::Kind kind, std::string_view id) {
    return portable::erase_sealed(session_, kind, id);
}

Status PostgresStore::unlink_subject(int64_t subject, const Pseudonym& replacement) {
    return portable::unlink_subject(session_, subject, replacement);
}

Status PostgresStore::erase_case_texts(int64_t case_id, std::string_view data) {
    return portable::erase_case_texts(session_, case_id, data);
}

}  // namespace grip::storage::postgres
