#pragma once
// The injected time moved to common/clock.h (storage stamps its writes with it,
// and storage is below auth). These names stay for the branches written before
// the move; remove this header once they are merged.

#include "common/clock.h"

namespace grip::auth {

using grip::Clock;
using grip::ManualClock;
using grip::system_clock;
using grip::SystemClock;

}  // namespace grip::auth
