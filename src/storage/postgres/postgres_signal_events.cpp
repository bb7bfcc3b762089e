// PostgresStore's signals as events (table of the migration signal_events):
// each signal that appeared or ended, and per user the last one seen;
// row-level security keeps each municipality to its own.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"

namespace grip::storage::postgres {

Result<int64_t> PostgresStore::add_signal_event(const SignalEventRow& row) {
    TRY(check_writable());
    const std::string at = row.at.empty() ? clock_stamp() : row.at;
    auto rows = TRY(conn_->query(
        "INSERT INTO signal_event(municipality, at, kind, period, rule, area, content) "
        "VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        Params()
            .add(std::string_view(municipality_))
            .add(std::string_view(at))
            .add(std::string_view(row.kind))
            .add(std::string_view(row.period))
            .add(std::string_view(row.rule))
            .add(std::string_view(row.area))
            .add(std::string_view(row.content))));
    return rows.int64(0, 0);
}

Result<std::vector<SignalEventRow>> PostgresStore::signal_events(int64_t after, std::string_view period) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT id, at, kind, period, rule, area, content FROM signal_event "
                    "WHERE {} AND id > $1 AND ($2::text = '' OR period = $2::text) ORDER BY id",
                    in_scope("municipality", 3)),
        Params().add(after).add(period).add(std::string_view(municipality_))));
    std::vector<SignalEventRow> out;
    for (int r = 0; r < rows.size(); ++r) {
        SignalEventRow e;
        e.id = rows.int64(r, 0);
        e.at = std::string(rows.text(r, 1));
        e.kind = std::string(rows.text(r, 2));
        e.period = std::string(rows.text(r, 3));
        e.rule = std::string(rows.text(r, 4));
        e.area = std::string(rows.text(r, 5));
        e.content = std::string(rows.text(r, 6));
        out.push_back(std::move(e));
    }
    return out;
}

Result<int64_t> PostgresStore::signal_visit(int64_t user) {
    auto rows = TRY(conn_->query(
        fmt::format("SELECT last_event FROM signal_visit WHERE {} AND \"user\" = $1", in_scope("municipality", 2)),
        Params().add(user).add(std::string_view(municipality_))));
    return rows.empty() ? int64_t{0} : rows.int64(0, 0);
}

Status PostgresStore::set_signal_visit(int64_t user, int64_t last_event) {
    TRY(check_writable());
    TRY(conn_->query(
        "INSERT INTO signal_visit(municipality, \"user\", last_event) VALUES($1, $2, $3) "
        "ON CONFLICT(municipality, \"user\") DO UPDATE SET last_event = greatest(signal_visit.last_event, excluded.last_event)",
        Params().add(std::string_view(municipality_)).add(user).add(last_event)));
    return ok_status();
}

}  // namespace grip::storage::postgres
