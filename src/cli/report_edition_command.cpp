// `grip report freeze|editions|diff` and `grip report --frozen ID`: the
// frozen editions of a year's report (src/report/edition.h) on the command
// line. Registered on the `report` command by report_command.cpp.

#include "cli/report_edition_command.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/output_file.h"
#include "report/edition.h"

namespace grip::cli {
namespace {
namespace json = boost::json;

struct EditionArgs {
    int year = 0;
    int64_t frozen = 0;
    int64_t corrects = 0;
    std::string decision_date, decision_number;
    std::string format = "table";
};

Status check_year(int year) {
    if (year < 1900) return Error::invalid("give the report's year with --year YYYY");
    return ok_status();
}

Status run_freeze(const GlobalOptions& global, const EditionArgs& args) {
    TRY(check_year(args.year));
    auto ctx = TRY(open_counted_context(global));
    auto workflows = TRY(open_workflows(global, ctx.catalogue.catalogue));
    report::EditionContext ectx{*ctx.store, ctx.catalogue.catalogue, &workflows, ctx.catalogue.directory / "report"};
    report::FreezeRequest request;
    request.year = args.year;
    request.now = now_utc();
    request.decision_date = args.decision_date;
    request.decision_number = args.decision_number;
    request.corrects = args.corrects;
    TRY(ctx.store->begin());
    auto row = report::freeze_edition(ectx, request);
    if (!row) {
        ctx.store->rollback();
        return row.error();
    }
    if (auto st = ctx.store->commit(); !st) return st;
    // The id is the last word: scripts take it from there.
    fmt::print("frozen edition of the report {} stored at {} with content hash {}{}: {}\n", row->year, row->frozen_at,
               row->content_hash, row->corrects ? fmt::format(", correcting edition {}", row->corrects) : "", row->id);
    return ok_status();
}

Status run_editions(const GlobalOptions& global, const EditionArgs& args) {
    TRY(check_year(args.year));
    if (args.format != "table" && args.format != "json") return Error::invalid("--format is table or json");
    auto ctx = TRY(open_context(global));
    const auto rows = TRY(ctx.store->report_editions(args.year));
    if (args.format == "json") {
        json::array list;
        for (const auto& r : rows) list.push_back(report::edition_summary(r));
        fmt::print("{}\n", json::serialize(json::object{{"editions", std::move(list)}}));
        return ok_status();
    }
    fmt::print("{:<6} {:<21} {:<11} {:<16} {:<9} {}\n", "id", "frozen_at", "decision", "number", "corrects",
               "content_hash");
    for (const auto& r : rows)
        fmt::print("{:<6} {:<21} {:<11} {:<16} {:<9} {}\n", r.id, r.frozen_at,
                   r.decision_date.empty() ? "-" : r.decision_date, r.decision_number.empty() ? "-" : r.decision_number,
                   r.corrects ? std::to_string(r.corrects) : "-", r.content_hash);
    return ok_status();
}

Result<report::FrozenEdition> edition_of_year(storage::Store& store, int year, int64_t id) {
    auto edition = TRY(report::read_edition(store, id));
    if (edition.row.year != year)
        return Error::not_found(fmt::format("edition {} is of {}, not of {}", id, edition.row.year, year));
    return edition;
}

Status run_diff(const GlobalOptions& global, const EditionArgs& args) {
    TRY(check_year(args.year));
    if (args.frozen <= 0) return Error::invalid("give the frozen edition with --frozen ID");
    if (args.format != "table" && args.format != "json") return Error::invalid("--format is table or json");
    auto ctx = TRY(open_counted_context(global));
    const auto edition = TRY(edition_of_year(*ctx.store, args.year, args.frozen));
    const auto changes = TRY(report::edition_diff(*ctx.store, ctx.catalogue.catalogue, edition));
    if (args.format == "json") {
        fmt::print("{}\n", json::serialize(report::diff_json(changes)));
        return ok_status();
    }
    for (const auto& c : changes) {
        std::string deliveries;
        for (const auto& d : c.deliveries)
            deliveries += fmt::format("{}{} ({}, {})", deliveries.empty() ? "" : "; ", d.id, d.source, d.received_at);
        fmt::print("{:<8} {:<10} {:<44} {:>8} -> {:<8} {}\n", c.period, c.area, c.indicator, json::serialize(c.frozen),
                   json::serialize(c.live), deliveries);
    }
    if (changes.empty()) fmt::print("no figure changed since edition {}\n", args.frozen);
    return ok_status();
}

template <typename T>
T option_value(CLI::App& app, const std::string& name, T fallback) {
    auto* option = app.get_option_no_throw(name);
    return option && option->count() > 0 ? option->as<T>() : fallback;
}

Status run_frozen_file(const GlobalOptions& global, CLI::App& report, int64_t id) {
    const int year = option_value<int>(report, "--year", 0);
    TRY(check_year(year));
    const auto format_name = option_value<std::string>(report, "--format", "html");
    const auto format = report::parse_report_format(format_name);
    if (!format) return Error::invalid(fmt::format("--format {}: not a format of the report", format_name));
    const auto edition_name = option_value<std::string>(report, "--edition", "intern");
    if (edition_name != "intern" && edition_name != "openbaar")
        return Error::invalid("--edition is intern or openbaar");
    auto ctx = TRY(open_context(global));
    const auto edition = TRY(edition_of_year(*ctx.store, year, id));
    const auto bytes = TRY(
        report::edition_file(edition, edition_name == "openbaar" ? report::Edition::Public : report::Edition::Internal,
                             *format, ctx.catalogue.directory / "report"));
    const auto output = option_value<std::string>(report, "-o", "");
    TRY(write_output(output, bytes));
    if (!output.empty() && !global.quiet)
        fmt::print(stderr, "frozen edition {} of {} ({}, {}) written to {}\n", id, year, format_name, edition_name,
                   output);
    return ok_status();
}

}  // namespace

std::function<bool()> register_report_edition_commands(CLI::App& report, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<EditionArgs>();
    auto* frozen = report.add_option("--frozen", args->frozen,
                                     "A frozen edition (see `grip report editions`): its stored file in --format");

    auto* freeze =
        report.add_subcommand("freeze", "Freeze the year's report: figures, texts and files, kept unchanged");
    freeze->add_option("--year", args->year, "The year of the report")->required();
    freeze->add_option("--corrects", args->corrects, "The edition of a sent letter this one corrects");
    freeze->add_option("--decision-date", args->decision_date, "The date of the college's decision (YYYY-MM-DD)");
    freeze->add_option("--decision-number", args->decision_number, "The number of the college's decision");
    freeze->callback(
        [&options, &exit_code, args] { run_command(exit_code, [&] { return run_freeze(options, *args); }); });

    auto* editions = report.add_subcommand("editions", "List the frozen editions of a year's report");
    editions->add_option("--year", args->year, "The year of the report")->required();
    editions->add_option("--format", args->format, "table (default) or json");
    editions->callback(
        [&options, &exit_code, args] { run_command(exit_code, [&] { return run_editions(options, *args); }); });

    auto* diff = report.add_subcommand("diff", "The figures that changed since a frozen edition, with the deliveries");
    diff->add_option("--year", args->year, "The year of the report")->required();
    diff->add_option("--frozen", args->frozen, "The frozen edition")->required();
    diff->add_option("--format", args->format, "table (default) or json");
    diff->callback([&options, &exit_code, args] { run_command(exit_code, [&] { return run_diff(options, *args); }); });

    return [&options, &exit_code, &report, args, frozen, freeze, editions, diff] {
        if (freeze->parsed() || editions->parsed() || diff->parsed()) return true;
        if (frozen->count() == 0) return false;
        run_command(exit_code, [&] { return run_frozen_file(options, report, args->frozen); });
        return true;
    };
}

}  // namespace grip::cli
