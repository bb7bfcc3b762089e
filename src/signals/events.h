#pragma once
// Signals as events that `beleid` can follow: a signal that appears in a
// period, or that stood and is no longer there, is stored as an event
// (SignalStore::add_signal_event), numbered in order. A user's "new since my last
// visit" is the events after the last one they saw (SignalStore::signal_visit).
// Each event also goes to the municipality's own notification system when
// a webhook is configured (signals/webhook).

#include <vector>

#include "common/result.h"
#include "signals/signal.h"
#include "storage/signal_store.h"

namespace grip::signals {

// Compares the period's signals with those standing from earlier
// evaluations (per rule and area, the last event of the period is
// "appeared") and stores an event for each that appeared or ended. Returns
// the events stored, in order. Call inside a transaction.
Result<std::vector<storage::SignalEventRow>> record_signals(storage::SignalStore& store, const SignalList& list);

// The signals standing in a period after the stored events, per rule and
// area: the content of the last "appeared" event that no "ended" followed.
Result<std::vector<storage::SignalEventRow>> standing_signals(storage::SignalStore& store, const Period& period);

// An event as JSON: {"id", "at", "event": "appeared"|"ended", "period", "signal": {...}}.
boost::json::object event_json(const storage::SignalEventRow& row);

}  // namespace grip::signals
