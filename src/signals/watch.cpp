#include "signals/watch.h"

#include <spdlog/spdlog.h>

#include "signals/evaluate.h"
#include "signals/events.h"
#include "signals/webhook.h"

namespace grip::signals {

Result<WatchOutcome> watch(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                           const std::vector<Period>& periods, const std::string& webhook) {
    WatchOutcome out;
    if (catalogue.signals.empty()) return out;
    std::vector<SignalList> lists;
    for (const auto& p : periods) lists.push_back(TRY(evaluate(store, engine, catalogue, p)));
    TRY(store.begin());
    for (const auto& list : lists) {
        auto events = record_signals(store, list);
        if (!events) {
            store.rollback();
            return events.take_error();
        }
        out.events.insert(out.events.end(), events->begin(), events->end());
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return committed.take_error();
    }
    if (!webhook.empty() && !out.events.empty()) out.notified = notify(webhook, out.events);
    return out;
}

std::vector<Period> periods_after_delivery(const std::set<Period>& months, int64_t now_seconds) {
    const int this_year = Date::from_days(static_cast<int32_t>(now_seconds / 86'400)).year();
    std::set<int> years;
    for (const auto& m : months)
        for (int y : {m.year(), m.year() + 1})
            if (y <= this_year) years.insert(y);
    std::vector<Period> out;
    for (int y : years) out.push_back(Period::year_of(y));
    return out;
}

void watch_after_delivery(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                          const std::set<Period>& months, int64_t now_seconds, const std::string& webhook) {
    const auto periods = periods_after_delivery(months, now_seconds);
    if (periods.empty() || catalogue.signals.empty()) return;
    auto outcome = watch(store, engine, catalogue, periods, webhook);
    if (!outcome) spdlog::warn("signals after a delivery: {}", outcome.error().message);
    else if (!outcome->notified) spdlog::warn("signals after a delivery: {}", outcome->notified.error().message);
}

}  // namespace grip::signals
