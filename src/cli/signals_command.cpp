// grip signals --period P [--format json]: the signals of a period (the
// catalogue's signal rules, src/signals/), as a table or as the JSON of
// GET /api/v1/signals. With --record it also stores what appeared or ended
// since the last evaluation (and posts it to --webhook), as the server does
// after each delivery.

#include <fmt/format.h>

#include "cli/commands.h"
#include "common/dutch_text.h"
#include "indicators/engine.h"
#include "signals/evaluate.h"
#include "signals/watch.h"
#include "signals/webhook.h"

namespace grip::cli {
namespace {

struct SignalArgs {
    std::string period;
    std::string format = "table";
    bool record = false;
    std::string webhook;
};

std::string decimal(double v, int digits) {
    std::string s = fmt::format("{:.{}f}", v, digits);
    for (auto& c : s)
        if (c == '.') c = ',';
    return s;
}

void print_signals(const signals::SignalList& list) {
    fmt::print("Signalen over {}\n", list.period.text());
    if (list.signals.empty()) {
        fmt::print("\nGeen signalen: nergens een groei die groter is dan toeval.\n");
        return;
    }
    std::string rule;
    for (const auto& s : list.signals) {
        if (s.rule != rule) {
            rule = s.rule;
            fmt::print("\n{} ({})\n", s.rule_label, s.rule);
            fmt::print("  {:<36} {:>8} {:>8} {:>10} {:>10}\n", "Gebied", "Aantal", "Basis", "Per", "p");
        }
        fmt::print("  {:<36} {:>8} {:>8} {:>10} {:>10}\n", fmt::format("{} ({})", s.area_name, s.area),
                   dutch_digits(s.value), decimal(s.baseline, 1), s.rate ? decimal(*s.rate, 2) : std::string("–"),
                   s.p_value < 0.0001 ? std::string("< 0,0001") : decimal(s.p_value, 4));
        fmt::print("    {}\n", s.explanation);
    }
}

int run_signals(const GlobalOptions& global, const SignalArgs& args) {
    const auto period = Period::parse(args.period);
    if (!period) return fail(Error::invalid("give --period YYYY, YYYY-Qn or YYYY-MM"));
    if (args.format != "table" && args.format != "json") return fail(Error::invalid("--format is table or json"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    const auto& catalogue = ctx->catalogue.catalogue;
    indicators::Engine engine(*ctx->store, catalogue);
    if (!args.webhook.empty()) {
        if (!args.record) return fail(Error::invalid("--webhook goes with --record: only recorded events are sent"));
        if (auto checked = signals::check_webhook_url(args.webhook); !checked) return fail(checked.error());
    }
    if (args.record) {
        auto outcome = signals::watch(*ctx->store, engine, catalogue, {*period}, args.webhook);
        if (!outcome) return fail(outcome.error());
        for (const auto& e : outcome->events)
            fmt::print(stderr, "signaal {}: {} in {} ({})\n", e.kind == "appeared" ? "verschenen" : "beëindigd", e.rule,
                       e.area, e.period);
        if (!outcome->notified) fmt::print(stderr, "grip signals: {}\n", outcome->notified.error().message);
    }
    auto list = signals::evaluate(*ctx->store, engine, catalogue, *period);
    if (!list) return fail(list.error());
    if (args.format == "json") fmt::print("{}\n", boost::json::serialize(list->to_json()));
    else print_signals(*list);
    return 0;
}

}  // namespace

void register_signals_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<SignalArgs>();
    auto* cmd =
        app.add_subcommand("signals", "Signals: areas where an indicator grew beyond chance (the catalogue's rules)");
    cmd->add_option("--period", args->period, "A period: YYYY, YYYY-Qn or YYYY-MM")->required();
    cmd->add_option("--format", args->format, "table (default) or json");
    cmd->add_flag("--record", args->record,
                  "Also store the period's signals, so that those that appeared or ended since are events (as the "
                  "server does after a delivery)");
    cmd->add_option("--webhook", args->webhook,
                    "With --record: POST each event to this URL (the municipality's notification system)");
    cmd->callback([&options, &exit_code, args] { exit_code = run_signals(options, *args); });
}

}  // namespace grip::cli
