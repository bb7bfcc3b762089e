#include <algorithm>

#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/commands.h"
#include "cli/indicator_table.h"
#include "indicators/engine.h"
#include "indicators/range_figures.h"
#include "indicators/rates.h"
#include "indicators/targets.h"

namespace grip::cli {
namespace {

struct IndicatorArgs {
    int year = 0;
    std::string period;
    std::string from, to, range;
    std::string area;
    std::string format = "table";
    std::string rate;
    std::string today;  // for a target's progress; default the date in UTC
};

// The range asked for with --from/--to or --range, if any.
Result<std::optional<indicators::DateRange>> range_of(const catalogue::Catalogue& catalogue,
                                                      const IndicatorArgs& args) {
    if (!args.range.empty()) {
        const auto* named = catalogue.range(args.range);
        if (!named) return Error::invalid(fmt::format("no range {} in the catalogue's ranges", args.range));
        auto r = TRY(indicators::DateRange::parse(named->from, named->to));
        r.code = named->code;
        return std::optional<indicators::DateRange>(std::move(r));
    }
    if (args.from.empty() && args.to.empty()) return std::optional<indicators::DateRange>();
    return std::optional<indicators::DateRange>(TRY(indicators::DateRange::parse(args.from, args.to)));
}

int run_indicators(const GlobalOptions& global, const IndicatorArgs& args) {
    const bool ranged = !args.from.empty() || !args.to.empty() || !args.range.empty();
    std::optional<Period> period;
    if (!args.period.empty()) period = Period::parse(args.period);
    else if (args.year) period = Period::year_of(args.year);
    if (!period && !ranged)
        return fail(Error::invalid("give --year YYYY, --period YYYY, YYYY-Qn or YYYY-MM, --from and --to, or --range"));
    if (period && ranged) return fail(Error::invalid("give a period or a range, not both"));
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
    // A rate's denominators are kept per calendar period.
    if (rate && ranged) return fail(Error::invalid("--rate is given for a calendar period, not for a range"));
    const auto range = range_of(catalogue, args);
    if (!range) return fail(range.error());
    indicators::Engine engine(*ctx->store, catalogue);
    auto set = *range ? indicators::compute_range(engine, *ctx->store, catalogue, **range, args.area)
                      : engine.compute(*period, args.area);
    if (!set) return fail(set.error());
    const auto given_today = Date::parse(args.today);
    if (!args.today.empty() && !given_today) return fail(Error::invalid("--today is YYYY-MM-DD"));
    const Date today = given_today ? *given_today : today_utc();
    auto out = set->to_json();
    indicators::add_targets(out, catalogue, *set, ctx->store->municipality(), today);
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
    print_table(catalogue, *set, indicators::targets_of(catalogue, *set, ctx->store->municipality(), today));
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
    cmd->add_option("--from", args->from, "A range's first day, the first of a month (YYYY-MM-01)");
    cmd->add_option("--to", args->to, "A range's last day, the last of a month");
    cmd->add_option("--range", args->range, "A named range of the catalogue (e.g. programma)");
    cmd->add_option("--today", args->today, "The date a target's progress is measured on (default: today, UTC)");
    cmd->add_option("--area", args->area,
                    "A buurt, wijk or gemeente code, priority or rest (default: the municipality)");
    cmd->add_option("--format", args->format, "table (default) or json");
    cmd->add_option(
        "--rate", args->rate,
        "A rate of the catalogue (per_1000_inwoners, per_100_eu_migranten): each count figure with its rate");
    cmd->callback([&options, &exit_code, args] { exit_code = run_indicators(options, *args); });
}

}  // namespace grip::cli
