// `grip checks --period P`: the data-quality list of a period, the catalogue's
// checks across figures that the period's figures break (src/quality/).

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "indicators/engine.h"
#include "quality/figure_checks.h"

namespace grip::cli {
namespace {

struct ChecksArgs {
    std::string period;
    std::string format = "table";
};

int run_checks(const GlobalOptions& global, const ChecksArgs& args) {
    const auto period = Period::parse(args.period);
    if (!period) return fail(Error::invalid("give --period YYYY, YYYY-Qn or YYYY-MM"));
    if (args.format != "table" && args.format != "json") return fail(Error::invalid("--format is table or json"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    const auto& catalogue = ctx->catalogue.catalogue;
    indicators::Engine engine(*ctx->store, catalogue);
    auto outcome = quality::checks_of(*ctx->store, catalogue, engine, *period);
    if (!outcome) return fail(outcome.error());
    if (args.format == "json") {
        fmt::print("{}\n",
                   boost::json::serialize(boost::json::object{{"period", period->text()},
                                                              {"checks", static_cast<int64_t>(catalogue.checks.size())},
                                                              {"evaluated", outcome->evaluated},
                                                              {"broken", outcome->to_json()}}));
        return 0;
    }
    fmt::print("Controles over cijfers, {}: {} controle(s), {} vergelijking(en), {} niet in orde\n", period->text(),
               catalogue.checks.size(), outcome->evaluated, outcome->broken.size());
    for (const auto& f : outcome->broken)
        fmt::print("  {}: {}{}: {} tegenover {}\n", f.check->code, f.check->label,
                   f.location.empty() ? std::string() : fmt::format(" ({})", f.location_name), f.left, f.right);
    return 0;
}

}  // namespace

void register_checks_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<ChecksArgs>();
    auto* cmd = app.add_subcommand("checks", "The checks across figures that a period's figures break (data quality)");
    cmd->add_option("--period", args->period, "A period: YYYY, YYYY-Qn or YYYY-MM")->required();
    cmd->add_option("--format", args->format, "table (default) or json");
    cmd->callback([&options, &exit_code, args] { exit_code = run_checks(options, *args); });
}

}  // namespace grip::cli
