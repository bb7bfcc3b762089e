#pragma once
// A command's output file: written beside the target and renamed, so that a
// reader never sees half a report or half a data set.

#include <string>
#include <string_view>

#include "common/result.h"

namespace grip::cli {

// Writes `bytes` to `file` whole; "" or "-" is standard output.
Status write_output(const std::string& file, std::string_view bytes);

}  // namespace grip::cli
