#pragma once
// A thin RAII layer over libpq: query parameters, results with typed column
// access, and a connection with a cache of prepared statements and a
// pipeline for writes whose results nobody reads. libpq's errors become typed
// errors here, at the boundary.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "storage/row_view.h"
#include "storage/store.h"

namespace grip::storage::postgres {

// The values of one query's parameters. Numbers and text travel in text
// format (the server reads them as the type it inferred for the parameter);
// bytes in binary format, so that they need no escaping.
class Params final : public ParamList {
public:
    Params& add(int64_t value) override;
    Params& add(double value) override;
    Params& add(std::string_view text) override;
    Params& add(const char* text) { return add(std::string_view(text)); }
    Params& add_bytes(std::string_view bytes) override;
    Params& add_bytes(const unsigned char* data, size_t size);
    Params& add_null() override;
    Params& add(const Cell& cell);

    int size() const { return static_cast<int>(values_.size()); }
    // The values as one row of COPY's text format, ended by a newline.
    void append_copy_row(std::string& out) const;
    // Arrays for libpq, valid until the next add.
    const char* const* values() const;
    const int* lengths() const { return lengths_.data(); }
    const int* formats() const { return formats_.data(); }

private:
    std::vector<std::string> values_;
    std::vector<bool> null_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
    mutable std::vector<const char*> pointers_;
};

// The rows of a query's result (text format), owned.
class Rows {
public:
    explicit Rows(PGresult* result) : result_(result) {}
    ~Rows() { PQclear(result_); }
    Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Rows& operator=(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    int size() const { return PQntuples(result_); }
    bool empty() const { return size() == 0; }
    // Rows an INSERT, UPDATE or DELETE touched.
    int64_t affected() const;

    bool is_null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
    std::string_view text(int row, int col) const;
    int64_t int64(int row, int col) const;
    double real(int row, int col) const;
    // A bytea column, decoded from its hex text form.
    std::string bytes(int row, int col) const;
    Oid type(int col) const { return PQftype(result_, col); }
    // A numeric column as SQLite's NUMERIC affinity keeps it: an integer
    // when it has no fraction.
    bool is_whole(int row, int col) const;

private:
    PGresult* result_;
};

// One row of a result, for the codecs of storage/ (storage/row_view.h).
class RowAt final : public RowView {
public:
    RowAt(const Rows& rows, int row) : rows_(rows), row_(row) {}
    bool is_null(int col) const override { return rows_.is_null(row_, col); }
    int64_t int64(int col) const override { return rows_.int64(row_, col); }
    double real(int col) const override { return rows_.real(row_, col); }
    std::string_view text(int col) const override { return rows_.text(row_, col); }

private:
    const Rows& rows_;
    int row_;
};

// COPY's text format: text with its backslash escapes, and bytes as bytea's
// hex form (its backslash escaped for COPY).
void append_copy_text(std::string& out, std::string_view text);
void append_copy_bytes(std::string& out, std::string_view bytes);

// Type oids of the columns Grip's schema uses (pg_type.h is server-side).
inline constexpr Oid kInt8Oid = 20;
inline constexpr Oid kNumericOid = 1700;
inline constexpr Oid kByteaOid = 17;

// A column of a result as a neutral cell (see Cell), by its type.
Cell cell_of(const Rows& rows, int row, int col);

class Connection {
public:
    // Takes over an open connection.
    explicit Connection(PGconn* conn) : conn_(conn) {}
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL text (several statements may be separated by semicolons).
    Status exec(std::string_view sql);
    // Runs SQL text once, unprepared (a cursor's FETCH, a one-off statement),
    // and returns the rows of its last statement.
    Result<Rows> run(std::string_view sql);
    // Runs a statement (prepared once per connection) and returns its rows.
    Result<Rows> query(const std::string& sql, const Params& params = {});
    // A statement whose result nobody reads: queued in the pipeline when
    // pipelining is on, else run at once.
    Status queue(const std::string& sql, const Params& params = {});
    // Sends the queued statements and reads every result; the first failure
    // among them is the answer. Leaves pipeline mode.
    Status sync();
    // Pipelining is on inside a transaction only: outside, each statement
    // commits on its own and its failure must be seen at once.
    void set_pipelining(bool on) { pipelining_ = on; }
    // COPY ... FROM STDIN with `data` in the COPY text format.
    Status copy_in(const std::string& sql, std::string_view data);
    // A row for a plain INSERT INTO `table`(`columns`) whose result nobody
    // reads, sent in bulk (a large delivery): the rows of each table are kept
    // as COPY text and, before the next statement that names the table (any
    // statement for exec, run and copy_in; the commit), or past a size,
    // copied into a temporary table of the same columns and moved on with
    // one INSERT ... SELECT. That INSERT is checked by the table's row-level
    // security and constraints as the single ones would be (COPY itself
    // cannot fill a table under row-level security).
    // The same rows in the same order, and a failure fails the transaction
    // as theirs would. Inside a transaction only; a rollback drops them.
    Status stage(const std::string& table, const std::string& columns, const Params& row);
    // Sends the staged rows now: all of them, or those of the tables that
    // `sql` names.
    Status flush_staged(std::string_view sql = {});
    // Ends a transaction: sends what is queued first. A transaction that
    // failed on the server is an error here, not a silent rollback.
    Status commit();
    void rollback();

    PGconn* handle() { return conn_; }

private:
    struct Pending {
        bool prepare = false;
        std::string sql;  // for a prepare: the statement to forget if it failed
    };
    Result<std::string> prepared(const std::string& sql);
    // run() and copy_in() without sending the staged rows first.
    Result<Rows> run_now(std::string_view sql);
    Status copy_now(const std::string& sql, std::string_view data);
    void drop_staged();

    // The staged rows of one table; its temporary table lives until the
    // transaction ends.
    struct Staged {
        std::string table, columns, rows;
        bool created = false;
    };
    std::vector<Staged> staged_;  // in the order of each table's first row
    size_t staged_bytes_ = 0;

    PGconn* conn_;
    std::unordered_map<std::string, std::string> cache_;  // SQL text -> statement name
    std::vector<Pending> pending_;
    int64_t next_name_ = 1;
    bool pipelining_ = false;
    bool in_pipeline_ = false;
};

// Maps a failed result (or a connection's failure) to a typed error with a
// message for people: integrity violations are Conflict.
Error pg_error(PGconn* conn, const PGresult* result, std::string_view doing);

}  // namespace grip::storage::postgres
