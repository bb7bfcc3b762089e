#pragma once
// How a case and its events travel between the store's rows and CaseRow /
// CaseEventRow, written once for both backends (storage/row_view.h), with
// the portable statements they share (`?` placeholders, see
// storage/portable_sql.h).

#include <cstdint>

#include "storage/case_store.h"
#include "storage/row_view.h"

namespace grip::storage {

// A case from a row of kCaseColumns (row_values.h), in that order.
CaseRow read_case(const RowView& row);
// Adds the columns after id, in kCaseColumns order.
void add_case_columns(ParamList& params, const CaseRow& c);

// An event from a row of kCaseEventColumns.
CaseEventRow read_case_event(const RowView& row);
// Adds an event's columns in kCaseEventColumns order.
void add_case_event_columns(ParamList& params, const CaseEventRow& e);

inline constexpr const char* kCaseEventColumns = "case_id, seq, at, actor, action, from_state, to_state, data";

// Writes a case if its stored version is the expected one: the columns after
// id (add_case_columns), then the id, the expected version and the scope.
inline constexpr const char* kUpdateCaseSql =
    "UPDATE case_file SET type = ?, subject_kind = ?, subject_id = ?, state = ?, team = ?, assignee = ?, "
    "area = ?, opened_on = ?, state_since = ?, deadline = ?, closed = ?, version = ?, data = ? "
    "WHERE id = ? AND version = ? AND municipality = ?";

}  // namespace grip::storage
