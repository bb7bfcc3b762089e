#pragma once
// Progress of a long generation, for a progress bar on a terminal.

#include <cstdint>
#include <functional>

namespace grip::generator {

// Called now and then with the records written so far and the total planned.
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

}  // namespace grip::generator
