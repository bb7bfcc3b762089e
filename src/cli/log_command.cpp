// grip log: the processing log (Logboek dataverwerkingen) and the security
// log beside it, for the privacy officer and the auditors: verify both hash
// chains, and show the records of either. See docs/processing-log.md and
// docs/security-log.md.

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"

namespace grip::cli {
namespace {

// The exit code of `grip log verify` when the log is broken; 1, 2 and 3 are
// the usual errors of `fail`, 4 is a refused delivery.
constexpr int kExitLogBroken = 5;

struct LogOptions {
    std::string log;
    std::string subject;
    std::string actor;
    int64_t after = 0;
    int64_t limit = 100;
    std::string format = "table";
    bool security = false;
    std::string event;
};

std::filesystem::path log_file_of(const LogOptions& log, const GlobalOptions& options) {
    return log.log.empty() ? privacy::processing_log_file_for(store_location(options), key_file_of(options))
                           : std::filesystem::path(log.log);
}

void add_log_option(CLI::App* command, LogOptions& log) {
    command->add_option("--log", log.log,
                        "The processing log file (default: the store's file name with .processing-log.ndjson added, "
                        "e.g. grip.db.processing-log.ndjson; for PostgreSQL beside the key file)");
}

// The records of either log as a JSON array, one record a line.
template <typename Entry>
void print_json(const std::vector<Entry>& entries) {
    fmt::print("[");
    for (size_t i = 0; i < entries.size(); ++i) fmt::print("{}\n{}", i == 0 ? "" : ",", privacy::to_json(entries[i]));
    fmt::print("]\n");
}

// Prints what a check found; whether the chain is intact.
bool print_report(std::string_view name, const std::filesystem::path& file, const privacy::VerifyReport& report) {
    const std::string records = fmt::format("{} record{}", report.records, report.records == 1 ? "" : "s");
    if (report.ok) {
        fmt::print("{} {}: {}, chain intact\n", name, file.string(), records);
        return true;
    }
    if (report.first_broken_seq > 0)
        fmt::print("{} {}: record {} (line {}) is broken: {}\n", name, file.string(), report.first_broken_seq,
                   report.first_broken_line, report.problem);
    else fmt::print("{} {}: {}, broken: {}\n", name, file.string(), records, report.problem);
    return false;
}

// Both logs: the processing log, and the security log beside it when there is one.
int run_verify(const GlobalOptions& options, const LogOptions& log) {
    auto ctx = open_context(options);
    if (!ctx) return fail(ctx.error());
    const auto file = log_file_of(log, options);
    const auto security_file = privacy::security_log_file_for(file);
    std::error_code ec;
    bool intact = true;
    // `grip user add` writes the security log before the server has written a processing log.
    if (std::filesystem::exists(file, ec) || !std::filesystem::exists(security_file, ec)) {
        auto report = privacy::verify_log(file, ctx->keys);
        if (!report) return fail(report.error());
        intact = print_report("processing log", file, *report);
    } else {
        fmt::print("processing log {}: none yet\n", file.string());
    }
    if (std::filesystem::exists(security_file, ec)) {
        auto security = privacy::verify_security_log(security_file, ctx->keys);
        if (!security) return fail(security.error());
        intact = print_report("security log", security_file, *security) && intact;
    } else {
        fmt::print("security log {}: none yet\n", security_file.string());
    }
    return intact ? 0 : kExitLogBroken;
}

void print_security_table(const std::vector<privacy::SecurityEntry>& entries) {
    constexpr auto row = "{:>7}  {:<24}  {:<20}  {:<17}  {:<9}  {:<20}  {:<15}  {}\n";
    fmt::print(row, "seq", "time (UTC)", "actor", "event", "result", "target", "client", "detail");
    for (const auto& e : entries)
        fmt::print(row, e.seq, e.time, e.actor, privacy::to_text(e.event), privacy::to_text(e.result),
                   e.target.empty() ? "-" : e.target, e.client.empty() ? "-" : e.client,
                   e.detail.empty() ? "-" : e.detail);
}

int run_show_security(const LogOptions& log, const std::filesystem::path& file) {
    privacy::SecurityQuery query;
    query.actor = log.actor;
    query.after_seq = log.after;
    query.limit = log.limit;
    if (!log.event.empty()) {
        query.event = privacy::parse_security_event(log.event);
        if (!query.event) return fail(Error::invalid(fmt::format("unknown event '{}'", log.event)));
    }
    auto entries = privacy::read_security_log(privacy::security_log_file_for(file), query);
    if (!entries) return fail(entries.error());
    if (log.format == "json") print_json(*entries);
    else print_security_table(*entries);
    return 0;
}

void print_table(const std::vector<privacy::LogEntry>& entries) {
    constexpr auto row = "{:>7}  {:<24}  {:<16}  {:<8}  {:<16}  {:<32}  {:<20}  {}\n";
    fmt::print(row, "seq", "time (UTC)", "actor", "action", "activity", "data subject", "record", "result");
    for (const auto& e : entries)
        fmt::print(row, e.seq, e.time, e.actor, privacy::to_text(e.action), e.processing_activity,
                   e.subject.empty() ? "-" : e.subject, e.record.empty() ? "-" : e.record, privacy::to_text(e.result));
}

int run_show(const GlobalOptions& options, const LogOptions& log) {
    if (log.format != "table" && log.format != "json")
        return fail(Error::invalid(fmt::format("unknown format '{}': use table or json", log.format)));
    if (log.limit < 0 || log.after < 0) return fail(Error::invalid("--limit and --after cannot be negative"));
    // Reading needs no keys and no store: only the store's path, for the default log file.
    const auto file = log_file_of(log, options);
    if (log.security) return run_show_security(log, file);
    if (!log.event.empty()) return fail(Error::invalid("--event is of the security log: give --security too"));
    privacy::LogQuery query;
    query.subject = log.subject;
    std::transform(query.subject.begin(), query.subject.end(), query.subject.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    query.actor = log.actor;
    query.after_seq = log.after;
    query.limit = log.limit;
    auto entries = privacy::read_log(file, query);
    if (!entries) return fail(entries.error());
    if (log.format == "json") {
        print_json(*entries);
        return 0;
    }
    print_table(*entries);
    if (log.limit > 0 && static_cast<int64_t>(entries->size()) == log.limit && !options.quiet)
        fmt::print(stderr, "the first {} records; for the next ones: --after {}\n", log.limit, entries->back().seq);
    return 0;
}

}  // namespace

void register_log_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto log = std::make_shared<LogOptions>();
    auto* command = app.add_subcommand(
        "log", "The processing log (Logboek dataverwerkingen) and the security log: verify them, show them");
    command->require_subcommand(1);

    auto* verify = command->add_subcommand(
        "verify",
        "Check the hash chains and anchors of the processing log and of the security log beside it: was "
        "a record edited, deleted, moved, inserted or cut off? Needs the installation's key file");
    add_log_option(verify, *log);
    verify->footer(
        "Exit codes: 0 the chain is intact; 5 the log is broken (the first broken record and its line are named); "
        "1, 2 or 3 the log, the store or the key file could not be read.");
    verify->callback([&options, &exit_code, log] { exit_code = run_verify(options, *log); });

    auto* show = command->add_subcommand(
        "show", "Show the records of the processing log, oldest first (does not check the chain: use verify)");
    add_log_option(show, *log);
    show->add_option("--subject", log->subject, "Only this data subject (the pseudonym, in hex)");
    show->add_option("--actor", log->actor, "Only this actor (user or token name)");
    show->add_option("--after", log->after, "Only records after this sequence number (to page on)");
    show->add_option("--limit", log->limit, "At most this many records; 0 for all")->capture_default_str();
    show->add_option("--format", log->format, "table or json")->capture_default_str();
    show->add_flag("--security", log->security,
                   "Show the security log (sign-ins, users, tokens, role grants, catalogue changes) instead");
    show->add_option("--event", log->event, "With --security: only this event (sign_in, role_granted, ...)");
    show->callback([&options, &exit_code, log] { exit_code = run_show(options, *log); });
}

}  // namespace grip::cli
