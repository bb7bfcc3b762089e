#pragma once
// Portable SQL (storage/sql_session.h) on a PostgreSQL connection: `?`
// numbered `$1, $2, ...` (storage/portable_sql.h), writes whose result
// nobody reads queued in the connection's pipeline, and an insert's new id
// from RETURNING id.

#include <string>

#include "storage/postgres/postgres_db.h"
#include "storage/sql_session.h"

namespace grip::storage::postgres {

class PostgresSession final : public SqlSession {
public:
    // `municipality` is the store's scope, read at each call.
    PostgresSession(Connection& conn, const std::string& municipality) : conn_(conn), municipality_(municipality) {}

    const std::string& municipality() const override { return municipality_; }
    Status query(std::string_view sql, const Bind& bind, const EachRow& each) override;
    Status run(std::string_view sql, const Bind& bind) override;
    Result<int64_t> change(std::string_view sql, const Bind& bind) override;
    Result<int64_t> insert(std::string_view sql, const Bind& bind) override;
    std::string json_texts() const override { return "SELECT jsonb_array_elements_text(CAST(? AS jsonb))"; }

private:
    Connection& conn_;
    const std::string& municipality_;
};

}  // namespace grip::storage::postgres
