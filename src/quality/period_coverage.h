#pragma once
// Whether a period is covered for an indicator: whether Grip holds what the
// indicator counts for that period, so that its figure means "this many"
// and not "nothing was delivered". The report compares a year with the one
// before only where the one before is covered; otherwise the sentence leaves
// the comparison out and the annex says "geen gegevens", never 0.
//
// Covered means both:
// - records of what the indicator counts are dated in the period (an
//   activity of its activity type, or an aggregate of its aggregate type
//   whose period lies in it); indicators on locations (capacity, open
//   locations) count master data and are always covered;
// - no source the delivery calendar expects for it is missing in the
//   period (a partial delivery is not a figure to compare with).

#include <set>
#include <string>
#include <string_view>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "common/result.h"
#include "storage/store.h"

namespace grip::quality {

// The codes of the catalogue's indicators covered in `period`; `now` (UTC,
// ISO 8601) decides which deliveries are due.
Result<std::set<std::string>> covered_indicators(storage::Store& store, const catalogue::Catalogue& catalogue,
                                                 const Period& period, std::string_view now);

}  // namespace grip::quality
