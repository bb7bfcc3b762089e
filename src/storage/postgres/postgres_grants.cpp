// Reference grants (Store::grant_reference): the persons and addresses an
// own-scope user registered or found by BSN and may refer to for a while.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Status PostgresStore::grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                                      int64_t expires_at) {
    TRY(check_writable());
    TRY(conn_->queue("DELETE FROM reference_grant WHERE municipality = $1 AND \"user\" = $2 AND expires_at <= $3",
                     Params().add(std::string_view(municipality_)).add(user).add(now)));
    return conn_->queue(
        "INSERT INTO reference_grant(municipality, \"user\", kind, id, expires_at) VALUES($1, $2, $3, $4, $5) "
        "ON CONFLICT(municipality, \"user\", kind, id) "
        "DO UPDATE SET expires_at = greatest(reference_grant.expires_at, excluded.expires_at)",
        Params()
            .add(std::string_view(municipality_))
            .add(user)
            .add(records::kind_name(kind))
            .add(id)
            .add(expires_at));
}

Result<bool> PostgresStore::has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT EXISTS(SELECT 1 FROM reference_grant WHERE {} AND \"user\" = $2 AND kind = $3 "
                    "AND id = $4 AND expires_at > $5)",
                    in_scope("municipality", 1)),
        Params().add(std::string_view(municipality_)).add(user).add(records::kind_name(kind)).add(id).add(now)));
    return rows.text(0, 0) == "t";
}

}  // namespace grip::storage::postgres
