#include "storage/sql_session.h"

#include <fmt/format.h>

#include "storage/municipality.h"

namespace grip::storage {

std::string SqlSession::in_scope(std::string_view column) const {
    if (municipality() == kEveryMunicipality) return "CAST(? AS TEXT) = '*'";
    return fmt::format("{} = ?", column);
}

Status SqlSession::check_writable() const { return check_writable_scope(municipality()); }

Result<int64_t> query_int64(SqlSession& sql, std::string_view statement, const SqlSession::Bind& bind,
                            int64_t otherwise) {
    int64_t out = otherwise;
    bool first = true;
    TRY(sql.query(statement, bind, [&](const RowView& row) {
        if (first) out = row.int64(0);
        first = false;
        return ok_status();
    }));
    return out;
}

}  // namespace grip::storage
