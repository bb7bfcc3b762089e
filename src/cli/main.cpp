// grip: the command line of Grip. Every command is registered from its own
// file in src/cli/.

#include <sodium.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/generate_command.h"

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        fmt::print(stderr, "grip: libsodium could not be initialised\n");
        return 1;
    }
    CLI::App app{
        "Grip: registrations, live indicators and the progress report of a municipal programme on EU labour "
        "migration"};
    app.set_version_flag("--version", std::string(GRIP_VERSION));
    app.require_subcommand(1);
    app.fallthrough();
    grip::cli::GlobalOptions options;
    int exit_code = 0;
    grip::cli::add_global_options(app, options);
    grip::cli::register_import_command(app, options, exit_code);
    grip::cli::register_indicators_command(app, options, exit_code);
    grip::cli::register_checks_command(app, options, exit_code);
    grip::cli::register_report_command(app, options, exit_code);
    grip::cli::register_opendata_command(app, options, exit_code);
    grip::cli::register_catalogue_command(app, options, exit_code);
    grip::cli::register_demo_command(app, options, exit_code);
    grip::cli::register_store_commands(app, options, exit_code);
    grip::cli::register_serve_command(app, options, exit_code);
    grip::cli::register_log_command(app, options, exit_code);
    grip::cli::register_user_commands(app, options, exit_code);
    grip::cli::register_case_commands(app, options, exit_code);
    grip::cli::register_motion_commands(app, options, exit_code);
    grip::cli::register_migrate_command(app, options, exit_code);
    grip::cli::register_access_request_command(app, options, exit_code);
    grip::cli::register_retention_command(app, options, exit_code);
    grip::cli::register_key_commands(app, options, exit_code);
    grip::cli::register_signals_command(app, options, exit_code);
    grip::cli::register_generate_command(app);
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
