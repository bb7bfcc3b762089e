#include "storage/arrival_sql.h"

#include <fmt/format.h>

namespace grip::storage {
namespace {

// When record `t` of `kind` first came in.
std::string first_in(std::string_view kind) {
    return fmt::format(
        "CASE WHEN t.seq = 1 THEN t.recorded_at ELSE (SELECT h.recorded_at FROM history h WHERE h.municipality = "
        "t.municipality AND h.kind = '{}' AND h.id = t.id AND h.seq = 1) END",
        kind);
}

}  // namespace

ArrivalQuery source_arrivals_query(Placeholders style, std::string_view municipality, std::string_view date_from,
                                   std::string_view date_to, const std::vector<std::string>& activity_types) {
    // Every use of a value is a parameter of its own, numbered in order of
    // appearance (FilterSql's placeholders), so that SQLite's `?` and
    // PostgreSQL's `$n` take the same list.
    FilterSql p(style);
    auto param = [&](std::string_view value) { return p.param(std::string(value)); };
    const std::string m1 = param(municipality);
    const std::string from = param(date_from);
    const std::string to = param(date_to);
    std::string activity_where =
        fmt::format("t.municipality = {} AND t.withdrawn = 0 AND t.date >= {} AND t.date <= {}", m1, from, to);
    if (!activity_types.empty()) {
        activity_where += fmt::format(" AND t.type IN ({})", p.param_list(activity_types));
    }
    const std::string m2 = param(municipality);
    const std::string year_from = param(date_from.substr(0, 4));
    const std::string year_to = param(date_to.substr(0, 4));
    const std::string aggregate_where = fmt::format(
        "t.municipality = {} AND t.withdrawn = 0 AND substr(t.period, 1, 4) >= {} AND substr(t.period, 1, 4) <= {}", m2,
        year_from, year_to);
    ArrivalQuery q;
    q.sql = fmt::format(
        "SELECT 'activity', t.type, COALESCE(t.organisation, ''), COALESCE(t.location, ''), substr(t.date, 1, 7), "
        "COUNT(*), MIN(t.f), MAX(t.f) FROM (SELECT t.*, {0} AS f FROM rec_activity t WHERE {2}) t "
        "GROUP BY t.type, COALESCE(t.organisation, ''), COALESCE(t.location, ''), substr(t.date, 1, 7) "
        "UNION ALL "
        "SELECT 'aggregate', t.type, COALESCE(t.organisation, ''), '', t.period, COUNT(*), MIN(t.f), MAX(t.f) FROM "
        "(SELECT t.*, {1} AS f FROM rec_aggregate t WHERE {3}) t GROUP BY t.type, COALESCE(t.organisation, ''), "
        "t.period",
        first_in("activity"), first_in("aggregate"), activity_where, aggregate_where);
    q.params = p.params();
    return q;
}

}  // namespace grip::storage
