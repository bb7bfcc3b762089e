#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/report_edition_command.h"
#include "report/render.h"
#include "report/report_builder.h"

namespace grip::cli {
namespace {

struct ReportArgs {
    int year = 0;
    std::string format = "html";
    std::string output;
    std::string edition = "intern";
    std::string block;
    std::string file;
    int from = 0;
};

Result<std::string> read_input(const std::string& file) {
    std::stringstream ss;
    if (file == "-") {
        ss << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) return Error::not_found(fmt::format("cannot read {}", file));
        ss << in.rdbuf();
    }
    return ss.str();
}

int run_report(const GlobalOptions& global, const ReportArgs& args) {
    if (args.year < 1900) return fail(Error::invalid("give the report's year with --year YYYY"));
    const auto format = report::parse_report_format(args.format);
    if (!format) return fail(Error::invalid("--format is html, md, json, docx, pdf or xlsx"));
    if (args.output.empty() && (*format == report::ReportFormat::Docx || *format == report::ReportFormat::Pdf ||
                                *format == report::ReportFormat::Xlsx))
        return fail(Error::invalid(
            fmt::format("a {} report is a binary file: give the file to write with -o FILE", args.format)));
    if (args.edition != "intern" && args.edition != "openbaar")
        return fail(Error::invalid("--edition is intern or openbaar"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    report::ReportOptions options;
    options.year = args.year;
    options.edition = args.edition == "openbaar" ? report::Edition::Public : report::Edition::Internal;
    auto workflows = open_workflows(global, ctx->catalogue.catalogue);
    if (!workflows) return fail(workflows.error());
    options.workflows = &*workflows;
    auto model = report::build_report(*ctx->store, ctx->catalogue.catalogue, options);
    if (!model) return fail(model.error());
    auto text = report::render_report(*model, *format, ctx->catalogue.directory / "report");
    if (!text) return fail(text.error());
    if (auto st = write_output(args.output, *text); !st) return fail(st.error());
    if (!args.output.empty() && !global.quiet)
        fmt::print(stderr, "report {} ({}, {}) written to {}\n", args.year, args.format, args.edition, args.output);
    return 0;
}

int run_text(const GlobalOptions& global, const ReportArgs& args, std::string_view action) {
    if (args.year < 1900) return fail(Error::invalid("give the report's year with --year YYYY"));
    auto ctx = open_context(global);
    if (!ctx) return fail(ctx.error());
    auto blocks = report::report_text_blocks(*ctx->store, ctx->catalogue.catalogue, args.year);
    if (!blocks) return fail(blocks.error());
    if (action == "copy") {
        if (args.from < 1900 || args.from >= args.year)
            return fail(Error::invalid("give an earlier year to take the texts from with --from YYYY"));
        auto copy = report::copy_text_blocks(*ctx->store, ctx->catalogue.catalogue, args.from, args.year);
        if (!copy) return fail(copy.error());
        if (!global.quiet)
            fmt::print(stderr, "{} text blocks of {} taken over into {}; {} kept because {} has its own\n",
                       copy->copied.size(), args.from, args.year, copy->kept.size(), args.year);
        return 0;
    }
    if (action == "list") {
        auto unwritten = report::unwritten_text_blocks(*ctx->store, ctx->catalogue.catalogue, args.year);
        if (!unwritten) return fail(unwritten.error());
        auto stored = ctx->store->report_texts(args.year);
        if (!stored) return fail(stored.error());
        for (const auto& b : *blocks) {
            auto it = std::find_if(stored->begin(), stored->end(), [&](const auto& t) { return t.block == b; });
            const bool to_write = std::find(unwritten->begin(), unwritten->end(), b) != unwritten->end();
            fmt::print("{:<24} {}\n", b,
                       to_write              ? "nog te schrijven"
                       : it == stored->end() ? "standaardtekst"
                                             : "aangepast " + it->updated_at);
        }
        return 0;
    }
    if (std::find(blocks->begin(), blocks->end(), args.block) == blocks->end()) {
        std::string known;
        for (const auto& b : *blocks) known += (known.empty() ? "" : ", ") + b;
        return fail(Error::invalid(
            fmt::format("unknown text block '{}' for {}; the blocks are: {}", args.block, args.year, known)));
    }
    if (action == "show") {
        auto stored = ctx->store->report_texts(args.year);
        if (!stored) return fail(stored.error());
        for (const auto& t : *stored)
            if (t.block == args.block) {
                fmt::print("{}\n", t.text);
                return 0;
            }
        const auto& defaults = ctx->catalogue.catalogue.report.text_blocks;
        if (auto it = defaults.find(args.block); it != defaults.end()) fmt::print("{}\n", it->second);
        return 0;
    }
    auto text = read_input(args.file);
    if (!text) return fail(text.error());
    if (auto st = ctx->store->set_report_text(args.year, args.block, *text); !st) return fail(st.error());
    if (!global.quiet) fmt::print(stderr, "text block {} of {} stored\n", args.block, args.year);
    return 0;
}

}  // namespace

void register_report_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand("report", "Write the progress report of a year (html, md, json, docx, pdf, xlsx)");
    cmd->add_option("--year", args->year, "The year the report is about");
    cmd->add_option("--format", args->format, "html (default), md, json, docx, pdf (needs pandoc, weasyprint) or xlsx");
    cmd->add_option("-o,--output", args->output, "The file to write (default: standard output)");
    cmd->add_option("--edition", args->edition,
                    "intern (default) or openbaar: the disclosure rule applied (docs/disclosure.md)");

    auto* text = cmd->add_subcommand("text", "The editable text blocks of a year's report");
    text->require_subcommand(1);
    auto* set = text->add_subcommand("set", "Store a text block from a file (- for standard input)");
    set->add_option("block", args->block, "The block: aanleiding, toelichting, moties, financieel or motie.<id>")
        ->required();
    set->add_option("file", args->file, "The file with the text (paragraphs separated by a blank line)")->required();
    set->callback([&options, &exit_code, args] { exit_code = run_text(options, *args, "set"); });
    auto* show = text->add_subcommand("show", "Print a text block");
    show->add_option("block", args->block)->required();
    show->callback([&options, &exit_code, args] { exit_code = run_text(options, *args, "show"); });
    auto* list =
        text->add_subcommand("list",
                             "List the text blocks of the year and whether they were changed or must still be written");
    list->callback([&options, &exit_code, args] { exit_code = run_text(options, *args, "list"); });
    auto* copy =
        text->add_subcommand("copy", "Take over an earlier year's written blocks as a start (the year's own are kept)");
    copy->add_option("--from", args->from, "The earlier year")->required();
    copy->callback([&options, &exit_code, args] { exit_code = run_text(options, *args, "copy"); });
    for (auto* sub : {set, show, list, copy}) sub->add_option("--year", args->year, "The year of the report");

    auto editions = register_report_edition_commands(*cmd, options, exit_code);
    cmd->callback([&options, &exit_code, args, text, editions] {
        if (text->parsed() || editions()) return;
        exit_code = run_report(options, *args);
    });
}

}  // namespace grip::cli
