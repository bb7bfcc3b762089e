#pragma once
// Signals as events (a role of Store, storage/store.h): what appeared and
// ended, and the last event each user saw.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace grip::storage {

// A signal that appeared or ended (src/signals/events), numbered in the
// order they were recorded per store; `at` is the store's clock.
struct SignalEventRow {
    int64_t id = 0;
    std::string at;
    std::string kind;  // "appeared" or "ended"
    std::string period;
    std::string rule;
    std::string area;
    std::string content;  // the signal's JSON (the last seen, for an end)
};

// Signal events and visits.
class SignalStore {
public:
    virtual ~SignalStore() = default;

    // Signals as events (src/signals/events). add_signal_event gives the new
    // id; signal_events lists those after an id, oldest first, of one period
    // (or every period when `period` is empty); signal_visit is the last
    // event a user saw (0: none), set_signal_visit moves it.
    virtual Result<int64_t> add_signal_event(const SignalEventRow& row) = 0;
    virtual Result<std::vector<SignalEventRow>> signal_events(int64_t after, std::string_view period) = 0;
    virtual Result<int64_t> signal_visit(int64_t user) = 0;
    virtual Status set_signal_visit(int64_t user, int64_t last_event) = 0;
};

}  // namespace grip::storage
