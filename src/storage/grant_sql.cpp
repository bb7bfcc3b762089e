// Reference grants: the persons and addresses an own-scope user registered
// or found by BSN and may refer to for a while. A grant given again keeps
// the later of its two ends.

#include "storage/grant_sql.h"

#include <fmt/format.h>

namespace grip::storage::portable {

Status grant_reference(SqlSession& sql, int64_t user, records::Kind kind, std::string_view id, int64_t now,
                       int64_t expires_at) {
    TRY(sql.check_writable());
    const std::string_view scope = sql.municipality();
    TRY(sql.run("DELETE FROM reference_grant WHERE municipality = ? AND \"user\" = ? AND expires_at <= ?",
                values(scope, user, now)));
    return sql.run(
        "INSERT INTO reference_grant(municipality, \"user\", kind, id, expires_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(municipality, \"user\", kind, id) DO UPDATE SET expires_at = CASE "
        "WHEN excluded.expires_at > reference_grant.expires_at THEN excluded.expires_at "
        "ELSE reference_grant.expires_at END",
        values(scope, user, records::kind_name(kind), id, expires_at));
}

Result<bool> has_reference_grant(SqlSession& sql, int64_t user, records::Kind kind, std::string_view id, int64_t now) {
    const int64_t found = TRY(query_int64(
        sql,
        fmt::format("SELECT CASE WHEN EXISTS(SELECT 1 FROM reference_grant WHERE {} AND \"user\" = ? AND kind = ? "
                    "AND id = ? AND expires_at > ?) THEN 1 ELSE 0 END",
                    sql.in_scope("municipality")),
        values(std::string_view(sql.municipality()), user, records::kind_name(kind), id, now)));
    return found != 0;
}

}  // namespace grip::storage::portable
