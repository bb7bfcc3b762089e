// Retention: personal data past its period leaves the current versions, the
// history, the reference grants, the pseudonyms and the texts of cases.

#include "storage/retention_sql.h"

#include <fmt/format.h>

#include "storage/case_store.h"
#include "storage/table_layout.h"

namespace grip::storage::portable {

Status erase_sealed(SqlSession& sql, records::Kind kind, std::string_view id) {
    TRY(sql.check_writable());
    const std::string_view scope = sql.municipality();
    const std::string_view kind_name = records::kind_name(kind);
    TRY(sql.run(fmt::format("UPDATE {} SET sealed = NULL WHERE municipality = ? AND id = ? AND sealed IS NOT NULL",
                            table_of(kind)),
                values(scope, id)));
    TRY(sql.run(
        "UPDATE history SET sealed = NULL WHERE municipality = ? AND kind = ? AND id = ? AND sealed IS NOT NULL",
        values(scope, kind_name, id)));
    return sql.run("DELETE FROM reference_grant WHERE municipality = ? AND kind = ? AND id = ?",
                   values(scope, kind_name, id));
}

Status unlink_subject(SqlSession& sql, int64_t subject, const Pseudonym& replacement) {
    TRY(sql.check_writable());
    const Bytes pseudonym{std::string_view(reinterpret_cast<const char*>(replacement.data()), replacement.size())};
    return sql.run("UPDATE subject SET pseudonym = ? WHERE id = ?", values(pseudonym, subject));
}

Status erase_case_texts(SqlSession& sql, int64_t case_id, std::string_view data) {
    TRY(sql.check_writable());
    const std::string_view scope = sql.municipality();
    TRY(sql.run("UPDATE case_event SET data = ? WHERE municipality = ? AND case_id = ? AND data <> ?",
                values(kErasedCaseText, scope, case_id, kErasedCaseText)));
    return sql.run("UPDATE case_file SET data = ? WHERE municipality = ? AND id = ?", values(data, scope, case_id));
}

}  // namespace grip::storage::portable
