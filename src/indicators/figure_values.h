#pragma once
// Small rules the engine and the drill-through share, so that what a figure
// lists is counted as the figure itself counts it.

#include <cstdint>
#include <string>

#include "storage/store.h"

namespace grip::indicators {

// A location is open on a day (ISO text) when it opened on or before it and
// has not closed before it; a missing date is no bound.
inline bool open_on(const storage::StoredRecord& loc, const std::string& day) {
    const auto opened = loc.record.text("opened");
    const auto closed = loc.record.text("closed");
    return (opened.empty() || opened <= day) && (closed.empty() || closed >= day);
}

// A share as a whole percentage: 100 * num / den, rounded half up; 0 without
// a denominator.
inline int64_t share(int64_t num, int64_t den) {
    if (den <= 0) return 0;
    return (200 * num + den) / (2 * den);
}

}  // namespace grip::indicators
