#pragma once
// Evaluates the catalogue's signal rules for a period: per rule, the count
// of its indicator in every watched area (the engine's figures), its
// baseline (the same period a year earlier, or the previous N periods), the
// exact test of growth, Holm's correction over the areas watched, the
// minimum count and the threshold on the rate. Reads the store; writes
// nothing (signals/events records what appeared and ended).

#include <vector>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "indicators/engine.h"
#include "signals/signal.h"
#include "storage/store.h"

namespace grip::signals {

// The periods a rule compares `period` with, oldest last.
std::vector<Period> baseline_periods(const catalogue::SignalRule& rule, const Period& period);

// The signals of every rule of the catalogue in `period`, per rule in
// catalogue order, each rule's strongest first.
Result<SignalList> evaluate(storage::Store& store, indicators::Engine& engine, const catalogue::Catalogue& catalogue,
                            const Period& period);

}  // namespace grip::signals
