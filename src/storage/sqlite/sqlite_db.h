#pragma once
// A thin RAII layer over the SQLite C API: a connection with a cache of
// prepared statements, and statements with typed bind and column access.
// SQLite's error codes become typed errors here, at the boundary.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "storage/row_view.h"
#include "storage/store.h"

namespace grip::storage::sqlite {

// A prepared statement; after a step that gave a row, that row (the codecs
// of storage/ read it as a RowView).
class Statement final : public RowView {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~Statement() override;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& reset();
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, const void* data, size_t size);
    Statement& bind_null(int index);
    Statement& bind(int index, const Cell& cell);

    // Steps once: true when a row is available, false when done.
    Result<bool> step();
    // Steps to completion, for statements that return no rows.
    Status run();
    // Steps through every row, giving each to `each`; an error of either
    // stops it. The statement is reset whatever the outcome, so that it holds
    // no read transaction open in the cache.
    Status each_row(const std::function<Status(const Statement&)>& each);

    bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    int column_type(int col) const { return sqlite3_column_type(stmt_, col); }
    int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const override { return sqlite3_column_double(stmt_, col); }
    std::string_view text(int col) const override;
    std::string_view blob(int col) const;
    // A column as a neutral cell (see Cell), by its stored type.
    Cell cell(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

// Binds a statement's parameters one after the other from `first`, for the
// codecs of storage/ that add them as a ParamList.
class Binder final : public ParamList {
public:
    explicit Binder(Statement& st, int first = 1) : st_(st), next_(first) {}
    Binder& add(int64_t value) override {
        st_.bind(next_++, value);
        return *this;
    }
    Binder& add(double value) override {
        st_.bind(next_++, value);
        return *this;
    }
    Binder& add(std::string_view text) override {
        st_.bind(next_++, text);
        return *this;
    }
    Binder& add_bytes(std::string_view bytes) override {
        st_.bind_blob(next_++, bytes.data(), bytes.size());
        return *this;
    }
    Binder& add_null() override {
        st_.bind_null(next_++);
        return *this;
    }
    // The index of the next parameter.
    int next() const { return next_; }

private:
    Statement& st_;
    int next_;
};

class Database {
public:
    static Result<std::unique_ptr<Database>> open(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Status exec(std::string_view sql);
    // A prepared statement from the cache, reset and ready to bind.
    Result<Statement*> prepare(const std::string& sql);
    int64_t changes() const { return sqlite3_changes64(db_); }
    // How many prepared statements the cache keeps (for a test that a
    // statement's text does not vary with its values).
    size_t cached_statements() const { return cache_.size(); }
    sqlite3* handle() { return db_; }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// Maps an SQLite result code to a typed error with a message for people.
Error sqlite_error(sqlite3* db, int code, std::string_view doing);

}  // namespace grip::storage::sqlite
