#pragma once
// `grip generate`: writes a synthetic city in the exchange format, and
// optionally the indicator figures it is meant to give.

#include <CLI/CLI.hpp>

namespace grip::cli {

void register_generate_command(CLI::App& app);

}  // namespace grip::cli
