// Filtered lists of current records (the API's list routes) and the
// need-to-know question "does this user's organisation have an activity with
// this person?"; the filter's SQL is shared with SQLite
// (storage/record_filter_sql).

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/query_sql.h"
#include "storage/record_filter_sql.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {
using records::Kind;

namespace {

Params params_of(const FilterSql& w) {
    Params p;
    for (const auto& v : w.params()) p.add(std::string_view(v));
    return p;
}

}  // namespace

Result<std::vector<StoredRecord>> PostgresStore::list_current(Kind kind, const RecordFilter& filter,
                                                              std::string_view after_id, int limit) {
    std::vector<StoredRecord> out;
    FilterSql w = filter_sql(kind, filter, Placeholders::Numbered, municipality());
    if (w.impossible() || limit <= 0) return out;
    w.add("t.id > " + w.param(std::string(after_id)));
    // The limit is a parameter, as in SQLite: the prepared statements are
    // kept per SQL text.
    const std::string limit_param = w.param(std::to_string(limit));
    auto rows = TRY(conn_->query(fmt::format("SELECT {} FROM {} t{} ORDER BY t.id LIMIT {}::bigint",
                                             select_columns(kind, "t."), table_of(kind), w.where(), limit_param),
                                 params_of(w)));
    for (int r = 0; r < rows.size(); ++r) out.push_back(read_row(kind, rows, r));
    return out;
}

Result<bool> PostgresStore::any_activity(const RecordFilter& filter) {
    return portable::any_activity(session_, filter);
}

Result<std::vector<SourceArrival>> PostgresStore::source_arrivals(std::string_view date_from, std::string_view date_to,
                                                                  const std::vector<std::string>& activity_types) {
    return portable::source_arrivals(session_, date_from, date_to, activity_types);
}

}  // namespace grip::storage::postgres
