// SqliteStore's signals as events (table of the migration signal_events):
// each signal that appeared or ended, and per user the last one seen.

#include <fmt/format.h>

#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<int64_t> SqliteStore::add_signal_event(const SignalEventRow& row) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO signal_event(municipality, at, kind, period, rule, area, content) VALUES(?, ?, ?, ?, ?, ?, ?)"));
    const std::string at = row.at.empty() ? clock_stamp() : row.at;
    TRY(st->bind(1, std::string_view(municipality_))
            .bind(2, std::string_view(at))
            .bind(3, std::string_view(row.kind))
            .bind(4, std::string_view(row.period))
            .bind(5, std::string_view(row.rule))
            .bind(6, std::string_view(row.area))
            .bind(7, std::string_view(row.content))
            .run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Result<std::vector<SignalEventRow>> SqliteStore::signal_events(int64_t after, std::string_view period) {
    auto* st = TRY(db_->prepare(
        "SELECT id, at, kind, period, rule, area, content FROM signal_event "
        "WHERE municipality = ?1 AND id > ?2 AND (?3 = '' OR period = ?3) ORDER BY id"));
    st->bind(1, std::string_view(municipality_)).bind(2, after).bind(3, period);
    std::vector<SignalEventRow> out;
    while (TRY(st->step())) {
        SignalEventRow e;
        e.id = st->int64(0);
        e.at = std::string(st->text(1));
        e.kind = std::string(st->text(2));
        e.period = std::string(st->text(3));
        e.rule = std::string(st->text(4));
        e.area = std::string(st->text(5));
        e.content = std::string(st->text(6));
        out.push_back(std::move(e));
    }
    st->reset();
    return out;
}

Result<int64_t> SqliteStore::signal_visit(int64_t user) {
    auto* st = TRY(db_->prepare("SELECT last_event FROM signal_visit WHERE municipality = ? AND user = ?"));
    st->bind(1, std::string_view(municipality_)).bind(2, user);
    int64_t out = 0;
    if (TRY(st->step())) out = st->int64(0);
    st->reset();
    return out;
}

Status SqliteStore::set_signal_visit(int64_t user, int64_t last_event) {
    TRY(check_writable_scope(municipality_));
    auto* st = TRY(db_->prepare(
        "INSERT INTO signal_visit(municipality, user, last_event) VALUES(?, ?, ?) "
        "ON CONFLICT(municipality, user) DO UPDATE SET last_event = max(last_event, excluded.last_event)"));
    return st->bind(1, std::string_view(municipality_)).bind(2, user).bind(3, last_event).run();
}

}  // namespace grip::storage::sqlite
