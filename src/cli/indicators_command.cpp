#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/indicator_table.h"
#include "indicators/engine.h"

namespace grip::cli {
namespace {

struct IndicatorArgs {
    int year = 0;
    std::string period;
    std::string area;
    std::string format = "table";
};

int run_indicators(const GlobalOptions& global, const IndicatorArgs& args) {
    std::optional<Period> period;
    if (!args.period.empty()) period = Period::parse(args.period);
    else if (args.year) period = Period::year_of(args.year);
    if (!period) return fail(Error::invalid("give --year YYYY or --period YYYY, YYYY-Qn or YYYY-MM"));
    if (args.format != "table" && args.format != "json") return fail(Error::invalid("--format is table or json"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    indicators::Engine engine(*ctx->store, ctx->catalogue.catalogue);
    auto set = engine.compute(*period, args.area);
    if (!set) return fail(set.error());
    if (args.format == "json") fmt::print("{}\n", boost::json::serialize(set->to_json()));
    else print_table(ctx->catalogue.catalogue, *set);
    return 0;
}

}  // namespace

void register_indicators_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<IndicatorArgs>();
    auto* cmd = app.add_subcommand("indicators", "The programme's indicators for a period and area");
    cmd->add_option("--year", args->year, "A calendar year");
    cmd->add_option("--period", args->period, "A period: YYYY, YYYY-Qn or YYYY-MM");
    cmd->add_option("--area", args->area, "A buurt, wijk or gemeente code, priority or rest (default: the municipality)");
    cmd->add_option("--format", args->format, "table (default) or json");
    cmd->callback([&options, &exit_code, args] { exit_code = run_indicators(options, *args); });
}

}  // namespace grip::cli
