// Filtered lists of current records (the API's list routes) and the
// need-to-know question "does this user's organisation have an activity with
// this person?"; the filter's SQL is shared with SQLite
// (storage/record_filter_sql).

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/arrival_sql.h"
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
    FilterSql w = filter_sql(Kind::Activity, filter, Placeholders::Numbered, municipality());
    if (w.impossible()) return false;
    auto rows = TRY(conn_->query(fmt::format("SELECT EXISTS(SELECT 1 FROM rec_activity t{})", w.where()), params_of(w)));
    return rows.text(0, 0) == "t";
}

Result<std::vector<SourceArrival>> PostgresStore::source_arrivals(std::string_view date_from, std::string_view date_to,
                                                                  const std::vector<std::string>& activity_types) {
    std::vector<SourceArrival> out;
    const auto q = source_arrivals_query(Placeholders::Numbered, municipality(), date_from, date_to, activity_types);
    Params params;
    for (const auto& p : q.params) params.add(std::string_view(p));
    auto rows = TRY(conn_->query(q.sql, params));
    for (int r = 0; r < rows.size(); ++r) {
        SourceArrival a;
        a.kind = rows.text(r, 0) == "aggregate" ? Kind::Aggregate : Kind::Activity;
        a.type = std::string(rows.text(r, 1));
        a.organisation = std::string(rows.text(r, 2));
        a.location = std::string(rows.text(r, 3));
        a.period = std::string(rows.text(r, 4));
        a.records = rows.int64(r, 5);
        a.first_at = std::string(rows.text(r, 6));
        a.last_at = std::string(rows.text(r, 7));
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace grip::storage::postgres
