#pragma once
// The frozen editions of the report on the command line (report_edition_command.cpp).

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace grip::cli {

// Adds `freeze`, `editions` and `diff` and the option --frozen to the
// `report` command. The result tells the report command's own callback,
// after parsing, whether one of these ran (it then writes no report).
std::function<bool()> register_report_edition_commands(CLI::App& report, GlobalOptions& options, int& exit_code);

}  // namespace grip::cli
