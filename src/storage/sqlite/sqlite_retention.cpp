// Retention (Store::erase_sealed, Store::unlink_subject): personal data past
// its period leaves the current versions, the history and the pseudonyms.

#include <fmt/format.h>

#include "storage/municipality.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

Status SqliteStore::erase_sealed(records::Kind kind, std::string_view id) {
    TRY(check_writable_scope(municipality_));
    const auto scope = std::string_view(municipality_);
    auto* current = TRY(db_->prepare(
        fmt::format("UPDATE {} SET sealed = NULL WHERE municipality = ? AND id = ? AND sealed IS NOT NULL", table_of(kind))));
    TRY(current->bind(1, scope).bind(2, id).run());
    auto* history = TRY(db_->prepare(
        "UPDATE history SET sealed = NULL WHERE municipality = ? AND kind = ? AND id = ? AND sealed IS NOT NULL"));
    TRY(history->bind(1, scope).bind(2, records::kind_name(kind)).bind(3, id).run());
    auto* grants = TRY(db_->prepare("DELETE FROM reference_grant WHERE municipality = ? AND kind = ? AND id = ?"));
    return grants->bind(1, scope).bind(2, records::kind_name(kind)).bind(3, id).run();
}

Status SqliteStore::unlink_subject(int64_t subject, const Pseudonym& replacement) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare("UPDATE subject SET pseudonym = ? WHERE id = ?"));
    return st->bind_blob(1, replacement.data(), replacement.size()).bind(2, subject).run();
}

Status SqliteStore::erase_case_texts(int64_t case_id, std::string_view data) {
    TRY(check_writable_scope(municipality_));
    const auto scope = std::string_view(municipality_);
    auto* events = TRY(db_->prepare(
        "UPDATE case_event SET data = ? WHERE municipality = ? AND case_id = ? AND data <> ?"));
    TRY(events->bind(1, kErasedCaseText).bind(2, scope).bind(3, case_id).bind(4, kErasedCaseText).run());
    auto* row = TRY(db_->prepare("UPDATE case_file SET data = ? WHERE municipality = ? AND id = ?"));
    return row->bind(1, data).bind(2, scope).bind(3, case_id).run();
}

}  // namespace grip::storage::sqlite
