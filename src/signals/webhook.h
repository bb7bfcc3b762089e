#pragma once
// The municipality's own notification system: a configured URL receives a
// JSON POST for each signal that appeared or ended,
//   {"event": "appeared"|"ended", "id", "at", "period", "signal": {...}}
// (signals/events' event_json), one request per event, in order. Through
// the same HTTP client as the sign-in (http/http_client: https://, or http://
// to the loopback interface; no redirects; ten seconds at most). A failed
// call is told, never retried: the events stay in the store for
// GET /api/v1/signals/new.

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace grip::signals {

// Whether a webhook URL is acceptable (checked when it is configured).
Status check_webhook_url(const std::string& url);

// Posts every event; stops at the first failure (a refusal by the receiver
// is a failure too) and says which.
Status notify(const std::string& url, const std::vector<storage::SignalEventRow>& events);

}  // namespace grip::signals
