// PostgresStore's signals as events: written once in storage/signal_event_sql.cpp.

#include "storage/postgres/postgres_store.h"
#include "storage/signal_event_sql.h"

namespace grip::storage::postgres {

Result<int64_t> PostgresStore::add_signal_event(const SignalEventRow& row) {
    return portable::add_signal_event(session_, row, clock_stamp());
}

Result<std::vector<SignalEventRow>> PostgresStore::signal_events(int64_t after, std::string_view period) {
    return portable::signal_events(session_, after, period);
}

Result<int64_t> PostgresStore::signal_visit(int64_t user) { return portable::signal_visit(session_, user); }

Status PostgresStore::set_signal_visit(int64_t user, int64_t last_event) {
    return portable::set_signal_visit(session_, user, last_event);
}

}  // namespace grip::storage::postgres
