// `grip access-request`: a person's request for access (inzageverzoek) on the
// command line. The BSN comes on standard input, never as an argument (the
// process list and the shell's history would keep it).

#include <chrono>
#include <fstream>
#include <iostream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/cli_log.h"
#include "cli/commands.h"
#include "common/private_file.h"
#include "records/bsn.h"
#include "report/access_request.h"
#include "report/render.h"

namespace grip::cli {
namespace {

struct AccessArgs {
    std::string format = "json";
    std::string output;
};

Status run_access_request(const GlobalOptions& global, const AccessArgs& args) {
    if (args.format != "json" && args.format != "html") return Error::invalid("--format: json or html");
    std::string bsn;
    std::getline(std::cin, bsn);
    while (!bsn.empty() && (bsn.back() == '\r' || bsn.back() == ' ')) bsn.pop_back();
    if (!records::is_valid_bsn(bsn))
        return Error::invalid("give the person's BSN on standard input: 9 digits passing the eleven test");
    auto ctx = TRY(open_context(global));
    auto log = TRY(CommandLog::open(ctx, "inzageverzoek"));
    report::AccessRequest request;
    request.bsn = bsn;
    request.municipality = ctx.municipality;
    request.home = ctx.catalogue.catalogue.municipality_code;
    request.generated_at = now_utc();
    // The log is flushed first: the export shows the entries up to now.
    TRY(log.flush());
    const auto model =
        TRY(report::export_access_request(*ctx.store, ctx.keys, ctx.catalogue.catalogue, log.log(), request));
    std::string subject_hex;
    if (const auto* s = model.if_contains("subject"); s && s->is_string()) subject_hex = std::string(s->get_string());
    privacy::LogEntry entry = log.base();
    entry.action = privacy::LogAction::Export;
    entry.subject = subject_hex;
    entry.record = "access-request";
    entry.result = model.at("found").as_bool() ? privacy::LogResult::Ok : privacy::LogResult::NotFound;
    TRY(log.log().append(std::move(entry), privacy::Durability::Now));
    const std::string text = args.format == "json"
                                 ? report::pretty_json(model)
                                 : TRY(report::render_access_request(model, ctx.catalogue.directory / "report"));
    if (args.output.empty() || args.output == "-") {
        fmt::print("{}", text);
        return ok_status();
    }
    // The export is the person's personal data: a private file.
    TRY(create_private_file(args.output));
    TRY(keep_private(args.output));
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Error::io(fmt::format("cannot write {}", args.output));
    return ok_status();
}

}  // namespace

void register_access_request_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<AccessArgs>();
    auto* cmd = app.add_subcommand(
        "access-request",
        "Everything Grip holds about one person, for their request for access; the BSN is read from standard input");
    cmd->add_option("--format", args->format, "json (default) or html (a document for the person)");
    cmd->add_option("-o,--output", args->output, "The file to write (mode 0600; default: standard output)");
    cmd->callback([&options, &exit_code, args] {
        auto done = run_access_request(options, *args);
        exit_code = done ? 0 : fail(done.error());
    });
}

}  // namespace grip::cli
