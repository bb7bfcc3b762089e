#pragma once
// A neutral way to run portable SQL (`?` placeholders, storage/portable_sql.h)
// on either backend, so that a store method whose SQL is the same on SQLite
// and PostgreSQL is written once in storage/ (grant_sql, case_sql, ...). Each
// backend implements it over its connection (sqlite/sqlite_session,
// postgres/postgres_session); what differs between them stays behind it:
// how parameters are bound and rows read (row_view.h), whether a write is
// queued (PostgreSQL's pipeline) and how an insert gives its new id (SQLite's
// last_insert_rowid, PostgreSQL's RETURNING id).

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/row_view.h"

namespace grip::storage {

class SqlSession {
public:
    // Adds a statement's parameters in the order of its `?`.
    using Bind = std::function<void(ParamList&)>;
    // Reads one row of a result; an error stops the reading.
    using EachRow = std::function<Status(const RowView&)>;

    virtual ~SqlSession() = default;

    // The scope the connection works for (Store::municipality): one
    // municipality's code, or kEveryMunicipality.
    virtual const std::string& municipality() const = 0;

    // Runs a statement and gives each row of its result to `each`, in order.
    virtual Status query(std::string_view sql, const Bind& bind, const EachRow& each) = 0;
    // A write whose result nobody reads. PostgreSQL queues it in its pipeline
    // inside a transaction, so its failure is seen at the next read or at
    // commit; outside one it runs at once on both.
    virtual Status run(std::string_view sql, const Bind& bind) = 0;
    // A write, at once; how many rows it changed.
    virtual Result<int64_t> change(std::string_view sql, const Bind& bind) = 0;
    // An INSERT into a table whose `id` the database makes; the new row's id.
    virtual Result<int64_t> insert(std::string_view sql, const Bind& bind) = 0;

    // The condition that limits a statement to the scope, with one `?` for
    // the scope's code (bind municipality() there): `column = ?`, or under
    // kEveryMunicipality a condition every row meets. The parameter stays in
    // both, so that a statement takes the same parameters whatever the scope.
    std::string in_scope(std::string_view column) const;
    // Writes need one municipality: Invalid under kEveryMunicipality.
    Status check_writable() const;
    // A subquery giving the texts of a JSON array that is one `?` parameter
    // (json_list's text), for `x IN (...)`: the one thing the two backends
    // write differently here (SQLite's json_each, PostgreSQL's
    // jsonb_array_elements_text).
    virtual std::string json_texts() const = 0;
};

// Bytes as a parameter (values(Bytes{...})), where text would be text.
struct Bytes {
    std::string_view bytes;
};

// A parameter by its C++ type: whole numbers as int64, text as text.
inline void add_value(ParamList& params, std::string_view text) { params.add(text); }
inline void add_value(ParamList& params, Bytes value) { params.add_bytes(value.bytes); }
inline void add_value(ParamList& params, double value) { params.add(value); }
inline void add_value(ParamList& params, std::nullptr_t) { params.add_null(); }
template <std::integral T>
void add_value(ParamList& params, T value) {
    params.add(static_cast<int64_t>(value));
}

// The parameters `each` in order. The binder keeps copies (pass text as a
// string_view: the text it views must outlive the call it is passed to).
template <typename... Values>
SqlSession::Bind values(const Values&... each) {
    return [each...](ParamList& params) { (add_value(params, each), ...); };
}

// The first column of the first row as a whole number, or `otherwise` when
// there is no row (a count, an EXISTS written as CASE ... THEN 1 ELSE 0).
Result<int64_t> query_int64(SqlSession& sql, std::string_view statement, const SqlSession::Bind& bind,
                            int64_t otherwise = 0);

}  // namespace grip::storage
