// `grip retention run`: removes the personal data past its retention period
// (src/retention/), or with --dry-run lists what would go, per kind.

#include <chrono>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/cli_log.h"
#include "cli/commands.h"
#include "report/render.h"
#include "retention/retention.h"

namespace grip::cli {
namespace json = boost::json;
namespace {

struct RetentionArgs {
    bool dry_run = false;
    std::string as_of;
    std::string format = "text";
    size_t batch = 1000;
};

json::object plan_json(const retention::Plan& plan, bool dry_run, const retention::Plan* remaining) {
    json::object kinds;
    for (const auto kind : {records::Kind::Person, records::Kind::Address}) {
        json::array ids;
        for (const auto& e : plan.records)
            if (e.kind == kind) ids.push_back(json::string(e.id));
        kinds[records::kind_name(kind)] =
            json::object{{"expired", plan.count(kind)},
                         {"kept", kind == records::Kind::Person ? plan.kept_persons : plan.kept_addresses},
                         {"ids", std::move(ids)}};
    }
    json::array reasons;
    for (const auto& e : plan.records)
        if (e.kind == records::Kind::Activity) reasons.push_back(json::string(e.id));
    kinds["withdrawal_reason"] =
        json::object{{"expired", plan.count(records::Kind::Activity)}, {"ids", std::move(reasons)}};
    json::array cases;
    for (const auto& c : plan.cases) cases.push_back(c.id);
    kinds["case"] = json::object{{"expired", static_cast<int64_t>(plan.cases.size())}, {"ids", std::move(cases)}};
    json::object out{{"as_of", plan.as_of.iso()},
                     {"dry_run", dry_run},
                     {"kinds", std::move(kinds)},
                     {"subjects_unlinked", static_cast<int64_t>(plan.subjects.size())}};
    if (remaining) out["left"] = static_cast<int64_t>(remaining->records.size());
    return out;
}

Status run_retention(const GlobalOptions& global, const RetentionArgs& args) {
    Date as_of = today_utc();
    if (!args.as_of.empty()) {
        const auto day = Date::parse(args.as_of);
        if (!day) return Error::invalid("--as-of: a date, YYYY-MM-DD");
        as_of = *day;
    }
    if (args.format != "text" && args.format != "json") return Error::invalid("--format: text or json");
    auto ctx = TRY(open_context(global));
    const auto workflows = TRY(open_workflows(global, ctx.catalogue.catalogue));
    const auto plan = TRY(retention::plan(*ctx.store, ctx.catalogue.catalogue, &workflows, as_of));
    if (!args.dry_run) {
        // Each record's removal is in the processing log: its kind and id and
        // its subject's pseudonym, never a value.
        auto log = TRY(CommandLog::open(ctx, "bewaartermijn"));
        TRY(retention::apply_and_log(*ctx.store, plan, args.batch, log.log(), ctx.keys, log.base(), [&](size_t done) {
            if (!global.quiet) fmt::print(stderr, "\rretention: {} of {} records", done, plan.records.size());
        }));
        if (!global.quiet && !plan.records.empty()) fmt::print(stderr, "\n");
    }
    if (args.format == "json") {
        fmt::print("{}", report::pretty_json(plan_json(plan, args.dry_run, nullptr)));
        return ok_status();
    }
    fmt::print("retention on {}{}\n", plan.as_of.iso(), args.dry_run ? " (dry run: nothing removed)" : "");
    for (const auto kind : {records::Kind::Person, records::Kind::Address})
        fmt::print("  {}: {} past their period{}, {} kept\n", records::kind_name(kind), plan.count(kind),
                   args.dry_run ? " would lose their personal data" : " lost their personal data",
                   kind == records::Kind::Person ? plan.kept_persons : plan.kept_addresses);
    fmt::print("  reasons of withdrawn activities past their period: {}{}\n", plan.count(records::Kind::Activity),
               args.dry_run ? " would go" : " removed");
    fmt::print("  closed cases past their period: {}{}\n", plan.cases.size(),
               args.dry_run ? " would lose their texts" : " lost their texts");
    fmt::print("  subjects no longer linked to a BSN or address: {}\n", plan.subjects.size());
    return ok_status();
}

}  // namespace

void register_retention_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<RetentionArgs>();
    auto* cmd = app.add_subcommand("retention", "Remove personal data past the catalogue's retention periods");
    cmd->require_subcommand(1);
    auto* run = cmd->add_subcommand("run", "Remove (or with --dry-run list) the personal data past its period");
    run->add_flag("--dry-run", args->dry_run, "List what would go, per kind; change nothing");
    run->add_option("--as-of", args->as_of, "The day to judge by (default: today), YYYY-MM-DD");
    run->add_option("--format", args->format, "text (default) or json (with the ids)");
    run->add_option("--batch", args->batch, "Records per transaction (default 1000)");
    run->callback([&options, &exit_code, args] {
        auto done = run_retention(options, *args);
        exit_code = done ? 0 : fail(done.error());
    });
}

}  // namespace grip::cli
