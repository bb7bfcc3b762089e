#pragma once
// Each command of `grip` registers itself on the application.

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace grip::cli {

// Commands set `exit_code` when they run.
void register_import_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_indicators_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_checks_command(CLI::App& app, GlobalOptions& options, int& exit_code);  // checks_command.cpp
void register_catalogue_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_report_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_opendata_command(CLI::App& app, GlobalOptions& options, int& exit_code);  // opendata_command.cpp
void register_demo_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_store_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_serve_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_log_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_user_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_case_commands(CLI::App& app, GlobalOptions& options, int& exit_code);  // case_command.cpp
void register_motion_commands(CLI::App& app, GlobalOptions& options,
                              int& exit_code);  // motion_command.cpp: motion, covenant
void register_migrate_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_access_request_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_retention_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void register_signals_command(CLI::App& app, GlobalOptions& options, int& exit_code);  // signals_command.cpp
void register_key_commands(CLI::App& app, GlobalOptions& options,
                           int& exit_code);  // key_command.cpp: key rotate, status

}  // namespace grip::cli
