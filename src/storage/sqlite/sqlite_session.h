#pragma once
// Portable SQL (storage/sql_session.h) on an SQLite connection: statements
// from the connection's cache, their `?` bound as they are written.

#include <string>

#include "storage/sql_session.h"
#include "storage/sqlite/sqlite_db.h"

namespace grip::storage::sqlite {

class SqliteSession final : public SqlSession {
public:
    // `municipality` is the store's scope, read at each call.
    SqliteSession(Database& db, const std::string& municipality) : db_(db), municipality_(municipality) {}

    const std::string& municipality() const override { return municipality_; }
    Status query(std::string_view sql, const Bind& bind, const EachRow& each) override;
    Status run(std::string_view sql, const Bind& bind) override;
    Result<int64_t> change(std::string_view sql, const Bind& bind) override;
    Result<int64_t> insert(std::string_view sql, const Bind& bind) override;
    std::string json_texts() const override { return "SELECT value FROM json_each(?)"; }

private:
    Database& db_;
    const std::string& municipality_;
};

}  // namespace grip::storage::sqlite
