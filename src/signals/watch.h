#pragma once
// When signals are evaluated: after a delivery commits (the server, for the
// years the delivery touched and the year after each, whose baseline it
// changed) and on request (`grip signals --record`). Each evaluation stores
// what appeared or ended (signals/events) in a transaction of its own, and
// then tells the webhook, when one is configured.

#include <set>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "indicators/engine.h"
#include "storage/store.h"

namespace grip::signals {

struct WatchOutcome {
    std::vector<storage::SignalEventRow> events;  // stored, in order
    Status notified = ok_status();                // the webhook's outcome (ok when none is configured)
};

// Evaluates and records the signals of each period; `webhook` empty: none.
Result<WatchOutcome> watch(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                           const std::vector<Period>& periods, const std::string& webhook);

// The periods a delivery's signals are evaluated for: the year of each
// month it touched, and the year after (whose baseline it changed), up to
// the current year.
std::vector<Period> periods_after_delivery(const std::set<Period>& months, int64_t now_seconds);

// After a committed delivery (the server's delivery job): watch() for those
// periods. Never fails the delivery: a failure, or a webhook that was not
// reached, goes to the server's log.
void watch_after_delivery(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                          const std::set<Period>& months, int64_t now_seconds, const std::string& webhook);

}  // namespace grip::signals
