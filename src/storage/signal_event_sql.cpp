// Signals as events (table of the migration signal_events): each signal that
// appeared or ended, and per user the last one seen. A visit never goes back.

#include "storage/signal_event_sql.h"

#include <fmt/format.h>

namespace grip::storage::portable {

Result<int64_t> add_signal_event(SqlSession& sql, const SignalEventRow& row, std::string_view now) {
    TRY(sql.check_writable());
    return sql.insert(
        "INSERT INTO signal_event(municipality, at, kind, period, rule, area, content) VALUES(?, ?, ?, ?, ?, ?, ?)",
        values(std::string_view(sql.municipality()), row.at.empty() ? now : std::string_view(row.at),
               std::string_view(row.kind), std::string_view(row.period), std::string_view(row.rule),
               std::string_view(row.area), std::string_view(row.content)));
}

Result<std::vector<SignalEventRow>> signal_events(SqlSession& sql, int64_t after, std::string_view period) {
    std::vector<SignalEventRow> out;
    TRY(sql.query(fmt::format("SELECT id, at, kind, period, rule, area, content FROM signal_event "
                              "WHERE {} AND id > ? AND (CAST(? AS TEXT) = '' OR period = ?) ORDER BY id",
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), after, period, period), [&](const RowView& row) {
                      SignalEventRow e;
                      e.id = row.int64(0);
                      e.at = std::string(row.text(1));
                      e.kind = std::string(row.text(2));
                      e.period = std::string(row.text(3));
                      e.rule = std::string(row.text(4));
                      e.area = std::string(row.text(5));
                      e.content = std::string(row.text(6));
                      out.push_back(std::move(e));
                      return ok_status();
                  }));
    return out;
}

Result<int64_t> signal_visit(SqlSession& sql, int64_t user) {
    return query_int64(sql,
                       fmt::format("SELECT last_event FROM signal_visit WHERE {} AND \"user\" = ?",
                                   sql.in_scope("municipality")),
                       values(std::string_view(sql.municipality()), user));
}

Status set_signal_visit(SqlSession& sql, int64_t user, int64_t last_event) {
    TRY(sql.check_writable());
    return sql.run(
        "INSERT INTO signal_visit(municipality, \"user\", last_event) VALUES(?, ?, ?) "
        "ON CONFLICT(municipality, \"user\") DO UPDATE SET last_event = CASE "
        "WHEN excluded.last_event > signal_visit.last_event THEN excluded.last_event "
        "ELSE signal_visit.last_event END",
        values(std::string_view(sql.municipality()), user, last_event));
}

}  // namespace grip::storage::portable
