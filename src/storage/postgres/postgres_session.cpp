#include "storage/postgres/postgres_session.h"

#include "storage/portable_sql.h"

namespace grip::storage::postgres {

namespace {

Params params_of(const SqlSession::Bind& bind) {
    Params params;
    bind(params);
    return params;
}

}  // namespace

Status PostgresSession::query(std::string_view sql, const Bind& bind, const EachRow& each) {
    auto rows = TRY(conn_.query(numbered_placeholders(sql), params_of(bind)));
    for (int r = 0; r < rows.size(); ++r) TRY(each(RowAt(rows, r)));
    return ok_status();
}

Status PostgresSession::run(std::string_view sql, const Bind& bind) {
    return conn_.queue(numbered_placeholders(sql), params_of(bind));
}

Result<int64_t> PostgresSession::change(std::string_view sql, const Bind& bind) {
    auto rows = TRY(conn_.query(numbered_placeholders(sql), params_of(bind)));
    return rows.affected();
}

Result<int64_t> PostgresSession::insert(std::string_view sql, const Bind& bind) {
    auto rows = TRY(conn_.query(numbered_placeholders(sql) + " RETURNING id", params_of(bind)));
    if (rows.empty()) return Error::storage("store: an insert gave no id");
    return rows.int64(0, 0);
}

}  // namespace grip::storage::postgres
