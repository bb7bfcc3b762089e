#pragma once
// The logical layout every backend shares, so that `grip migrate` can move
// rows between them by name: the record table of a kind and its plain
// (non-personal) columns, which of them hold JSON, and the check of a table
// name given to the moving methods.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "records/kind.h"

namespace grip::storage {

// The record table of a kind and its plain columns, in the order of the
// kind's fields. The id field is the `id` column.
std::string table_of(records::Kind kind);
std::vector<const records::FieldSpec*> plain_columns(records::Kind kind);
// The plain columns a schema migration creates: the fields added in that version.
std::vector<const records::FieldSpec*> columns_since(records::Kind kind, int version);
bool has_column(records::Kind kind, std::string_view field);
// The columns a backend reads a current record from, in the order it reads
// them: id, seq, delivery, withdrawn, hash, subject, sealed, then the plain
// columns; `prefix` is a table alias with its dot, or empty.
std::string select_columns(records::Kind kind, std::string_view prefix = {});
// Lists and the attributes object are kept as JSON text.
bool is_json_column(records::FieldType type);

// Table and column names given to columns/read_rows/append_rows come from
// logical_tables() and the store's own schema, never from a user; they are
// checked and quoted all the same.
Status check_table(std::string_view table);
std::string quoted_list(const std::vector<std::string>& names);
// Every one of `columns` must be among the table's `known` columns.
Status check_columns(std::string_view table, const std::vector<std::string>& known,
                     const std::vector<std::string>& columns);

}  // namespace grip::storage
