// Reference grants (Store::grant_reference): the persons and addresses an
// own-scope user registered or found by BSN and may refer to for a while.

#include "storage/municipality.h"
#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Status SqliteStore::grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                                    int64_t expires_at) {
    TRY(check_writable_scope(municipality_));
    auto* expired =
        TRY(db_->prepare("DELETE FROM reference_grant WHERE municipality = ? AND user = ? AND expires_at <= ?"));
    TRY(expired->bind(1, std::string_view(municipality_)).bind(2, user).bind(3, now).run());
    auto* st = TRY(db_->prepare(
        "INSERT INTO reference_grant(municipality, user, kind, id, expires_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(municipality, user, kind, id) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)"));
    return st->bind(1, std::string_view(municipality_))
        .bind(2, user)
        .bind(3, records::kind_name(kind))
        .bind(4, id)
        .bind(5, expires_at)
        .run();
}

Result<bool> SqliteStore::has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) {
    auto* st = TRY(db_->prepare("SELECT EXISTS(SELECT 1 FROM reference_grant WHERE municipality = ? AND user = ? "
                                "AND kind = ? AND id = ? AND expires_at > ?)"));
    st->bind(1, std::string_view(municipality_)).bind(2, user).bind(3, records::kind_name(kind)).bind(4, id).bind(5, now);
    const bool found = TRY(st->step()) && st->int64(0) != 0;
    st->reset();
    return found;
}

}  // namespace grip::storage::sqlite
