// Retention (Store::erase_sealed, Store::unlink_subject): personal data past
// its period leaves the current versions, the history and the pseudonyms.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {

Status PostgresStore::erase_sealed(records::Kind kind, std::string_view id) {
    TRY(check_writable());
    const auto scope = std::string_view(municipality_);
    TRY(conn_->queue(
        fmt::format("UPDATE {} SET sealed = NULL WHERE municipality = $1 AND id = $2 AND sealed IS NOT NULL", table_of(kind)),
        Params().add(scope).add(id)));
    TRY(conn_->queue(
        "UPDATE history SET sealed = NULL WHERE municipality = $1 AND kind = $2 AND id = $3 AND sealed IS NOT NULL",
        Params().add(scope).add(records::kind_name(kind)).add(id)));
    return conn_->queue("DELETE FROM reference_grant WHERE municipality = $1 AND kind = $2 AND id = $3",
                        Params().add(scope).add(records::kind_name(kind)).add(id));
}

Status PostgresStore::unlink_subject(int64_t subject, const Pseudonym& replacement) {
    TRY(check_writable());
    return conn_->queue("UPDATE subject SET pseudonym = $1 WHERE id = $2",
                        Params().add_bytes(replacement.data(), replacement.size()).add(subject));
}

Status PostgresStore::erase_case_texts(int64_t case_id, std::string_view data) {
    TRY(check_writable());
    const auto scope = std::string_view(municipality_);
    TRY(conn_->queue("UPDATE case_event SET data = $1 WHERE municipality = $2 AND case_id = $3 AND data <> $1",
                     Params().add(kErasedCaseText).add(scope).add(case_id)));
    return conn_->queue("UPDATE case_file SET data = $1 WHERE municipality = $2 AND id = $3",
                        Params().add(data).add(scope).add(case_id));
}

}  // namespace grip::storage::postgres
