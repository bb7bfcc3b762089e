#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/indicator_table.h"
#include "indicators/engine.h"
#include "indicators/rates.h"

namespace grip::cli {
namespace {

struct IndicatorArgs {
    int year = 0;
    std::string period;
    std::string area;
    std::string format = "table";
    std::string rate;
};

int run_indicators(const GlobalOptions& global, const IndicatorArgs& args) {
    std::optional<Period> period;
    if (!args.period.empty()) period = Period::parse(args.period);
    else if (args.year) period = Period::year_of(args.year);
    if (!period) return fail(Error::invalid("give --year YYYY or --period YYYY, YYYY-Qn or YYYY-MM"));
    if (args.format != "table" && args.format != "json") return fail(Error::invalid("--format is table or json"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    const auto& catalogue = ctx->catalogue.catalogue;
    const catalogue::RateDef* rate = nullptr;
    if (!args.rate.empty() && !(rate = catalogue.rate(args.rate))) {
        std::string known;
        for (const auto& r : catalogue.rates) known += (known.empty() ? "" : ", ") + r.code;
        return fail(Error::invalid(fmt::format("no rate '{}' in the catalogue (rates: {})", args.rate, known)));
    }
    indicators::Engine engine(*ctx->store, catalogue);
    auto set = engine.compute(*period, args.area);
    if (!set) return fail(set.error());
    auto out = set->to_json();
    // The rate of each count figure, as GET /api/v1/indicators?rate= gives it.
    if (rate) {
        auto denominators = indicators::RateDenominators::load(*ctx->store, catalogue);
        if (!denominators) return fail(denominators.error());
        indicators::add_rates(out, *set, *rate, *denominators);
    }
    if (args.format == "json") {
        fmt::print("{}\n", boost::json::serialize(out));
        return 0;
    }
    print_table(catalogue, *set);
    if (rate) {
        fmt::print("\nTellingen {} ({}), periode {}\n", rate->label, set->area_name, set->period.text());
        for (const auto& f : set->figures) {
            if (!catalogue::is_count_measure(f.def->measure)) continue;
            const auto& value = out["indicators"].at(f.def->code).at("rate");
            std::string shown = value.is_null() ? std::string("–") : fmt::format("{:.2f}", value.to_number<double>());
            std::replace(shown.begin(), shown.end(), '.', ',');  // Dutch decimal comma
            fmt::print("  {:<62} {:>10}\n", f.def->label, shown);
        }
    }
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
    cmd->add_option("--rate", args->rate, "A rate of the catalogue (per_1000_inwoners, per_100_eu_migranten): each count figure with its rate");
    cmd->callback([&options, &exit_code, args] { exit_code = run_indicators(options, *args); });
}

}  // namespace grip::cli
