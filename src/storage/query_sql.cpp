// The filter's SQL (storage/record_filter_sql) and the arrivals' SQL
// (storage/arrival_sql) are written with `?`; the session numbers them for
// PostgreSQL.

#include "storage/query_sql.h"

#include <fmt/format.h>

#include "storage/arrival_sql.h"
#include "storage/record_filter_sql.h"

namespace grip::storage::portable {

namespace {

SqlSession::Bind texts(const std::vector<std::string>& params) {
    return [&params](ParamList& list) {
        for (const auto& p : params) list.add(std::string_view(p));
    };
}

}  // namespace

Result<bool> any_activity(SqlSession& sql, const RecordFilter& filter) {
    const FilterSql w = filter_sql(records::Kind::Activity, filter, Placeholders::Question, sql.municipality());
    if (w.impossible()) return false;
    const int64_t found = TRY(
        query_int64(sql,
                    fmt::format("SELECT CASE WHEN EXISTS(SELECT 1 FROM rec_activity t{}) THEN 1 ELSE 0 END", w.where()),
                    texts(w.params())));
    return found != 0;
}

Result<std::vector<SourceArrival>> source_arrivals(SqlSession& sql, std::string_view date_from,
                                                   std::string_view date_to,
                                                   const std::vector<std::string>& activity_types) {
    std::vector<SourceArrival> out;
    const auto q =
        source_arrivals_query(Placeholders::Question, sql.municipality(), date_from, date_to, activity_types);
    TRY(sql.query(q.sql, texts(q.params), [&](const RowView& row) {
        SourceArrival a;
        a.kind = row.text(0) == "aggregate" ? records::Kind::Aggregate : records::Kind::Activity;
        a.type = std::string(row.text(1));
        a.organisation = std::string(row.text(2));
        a.location = std::string(row.text(3));
        a.period = std::string(row.text(4));
        a.records = row.int64(5);
        a.first_at = std::string(row.text(6));
        a.last_at = std::string(row.text(7));
        out.push_back(std::move(a));
        return ok_status();
    }));
    return out;
}

}  // namespace grip::storage::portable
