#pragma once
// What the codecs of storage/ read and write, whatever the backend: a row of
// a query's result (sqlite::Statement, a row of postgres::Rows) and the
// parameters of a statement in the order of its placeholders (a SQLite
// statement's binds, postgres::Params). A codec written against these, and
// portable SQL written with `?` placeholders (storage/portable_sql.h), are
// written once for both backends.

#include <cstdint>
#include <string_view>

namespace grip::storage {

// A row of a result: its columns by index, from 0.
class RowView {
public:
    virtual ~RowView() = default;
    virtual bool is_null(int col) const = 0;
    virtual int64_t int64(int col) const = 0;
    virtual double real(int col) const = 0;
    // Valid while the row is (a SQLite statement: until its next step).
    virtual std::string_view text(int col) const = 0;
};

// The parameters of a statement, added in the order of its placeholders.
class ParamList {
public:
    virtual ~ParamList() = default;
    virtual ParamList& add(int64_t value) = 0;
    virtual ParamList& add(double value) = 0;
    virtual ParamList& add(std::string_view text) = 0;
    // Bytes as they are (a BLOB in SQLite, a bytea in PostgreSQL).
    virtual ParamList& add_bytes(std::string_view bytes) = 0;
    virtual ParamList& add_null() = 0;
};

}  // namespace grip::storage
