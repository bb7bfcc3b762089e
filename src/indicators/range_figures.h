#pragma once
// The figures of a date range (indicators/date_range.h) for an area, with the
// same range a year earlier beside them. Counts, sums and distributions are
// the sums of the range's calendar periods (its tiles); distinct persons and
// addresses, and the shares built on them, are the union of the maintained
// memberships in the range's months (a person counted in two months is one
// person); measures taken at a date (active, open locations, capacity) are
// taken at the range's last day, and aggregates count when their period lies
// inside the range. docs/figures.md, "Date ranges", says why.

#include <string_view>

#include "catalogue/catalogue.h"
#include "indicators/date_range.h"
#include "indicators/engine.h"
#include "storage/store.h"

namespace grip::indicators {

// `area` as for Engine::compute. The set's `period` is the range's first
// tile; `range` says what was asked.
Result<IndicatorSet> compute_range(Engine& engine, storage::Store& store, const catalogue::Catalogue& catalogue,
                                   const DateRange& range, std::string_view area);

}  // namespace grip::indicators
