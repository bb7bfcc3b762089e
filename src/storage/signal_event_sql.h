#pragma once
// Signals as events (Store::add_signal_event and the per-user visit), written
// once for both backends over portable SQL (storage/sql_session.h).

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/signal_store.h"
#include "storage/sql_session.h"

namespace grip::storage::portable {

// `now` is the time stamp of an event that brings none of its own.
Result<int64_t> add_signal_event(SqlSession& sql, const SignalEventRow& row, std::string_view now);
Result<std::vector<SignalEventRow>> signal_events(SqlSession& sql, int64_t after, std::string_view period);
Result<int64_t> signal_visit(SqlSession& sql, int64_t user);
Status set_signal_visit(SqlSession& sql, int64_t user, int64_t last_event);

}  // namespace grip::storage::portable
