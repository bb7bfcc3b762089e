#include <fmt/format.h>

#include "catalogue/catalogue_loader.h"
#include "cli/casework_support.h"
#include "cli/commands.h"

namespace grip::cli {

void register_catalogue_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto* cmd = app.add_subcommand("catalogue", "Check or show the catalogue of types and indicators");
    cmd->require_subcommand(1);
    auto file = std::make_shared<std::string>();
    auto* check = cmd->add_subcommand("check", "Validate a catalogue file; every problem is listed with its path");
    check->add_option("file", *file, "The catalogue file (default: the one in use)");
    check->callback([&options, &exit_code, file] {
        GlobalOptions o = options;
        if (!file->empty()) o.catalogue = *file;
        auto loaded = open_catalogue(o);
        if (!loaded) {
            exit_code = fail(loaded.error());
            return;
        }
        const auto& c = loaded->catalogue;
        fmt::print("{}: ok: {} themes, {} activity types, {} indicators, {} report themes\n",
                   o.catalogue.empty() ? catalogue::default_catalogue_file().string() : o.catalogue, c.themes.size(),
                   c.activity_types.size(), c.indicators.size(), c.report.results.size());
        // The case types beside it, checked against it.
        auto workflows = open_workflows(o, c);
        if (!workflows) {
            exit_code = fail(workflows.error());
            return;
        }
        fmt::print("case types: ok: {}\n", workflows->types.size());
        exit_code = 0;
    });
    auto* path = cmd->add_subcommand("path", "Print the catalogue file in use");
    path->callback([&options, &exit_code] {
        fmt::print("{}\n",
                   options.catalogue.empty() ? catalogue::default_catalogue_file().string() : options.catalogue);
        exit_code = 0;
    });
}

}  // namespace grip::cli
