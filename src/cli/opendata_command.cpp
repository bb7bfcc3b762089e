// `grip opendata --year Y --format csv|json -o FILE`: the year's figures as
// open data, with what the disclosure rule suppresses left empty, and the
// data set's metadata (DCAT-AP-NL) in FILE.metadata.json beside it.

#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "disclosure/open_data.h"
#include "indicators/engine.h"

namespace grip::cli {
namespace {

struct OpenDataArgs {
    int year = 0;
    std::string format = "csv";
    std::string output;
};

int run_opendata(const GlobalOptions& global, const OpenDataArgs& args) {
    if (args.year < 1900) return fail(Error::invalid("give the year with --year YYYY"));
    const auto format = disclosure::parse_open_data_format(args.format);
    if (!format) return fail(Error::invalid("--format is csv or json"));
    if (args.output.empty() || args.output == "-")
        return fail(Error::invalid("give the file to write with -o FILE (its metadata goes beside it)"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    const auto& catalogue = ctx->catalogue.catalogue;
    indicators::Engine engine(*ctx->store, catalogue);
    auto figures = disclosure::PublicFigures::of_year(engine, catalogue, args.year);
    if (!figures) return fail(figures.error());
    const auto rows = disclosure::open_data_rows(*figures);
    const std::filesystem::path file(args.output);
    const std::string data =
        *format == disclosure::OpenDataFormat::Csv ? disclosure::open_data_csv(rows) : disclosure::open_data_json(rows);
    if (auto st = write_output(file.string(), data); !st) return fail(st.error());
    const auto metadata = disclosure::open_data_metadata(catalogue, ctx->store->municipality(), args.year, *format,
                                                         file.filename().string());
    const std::filesystem::path meta_file(file.string() + ".metadata.json");
    if (auto st = write_output(meta_file.string(), boost::json::serialize(metadata) + "\n"); !st)
        return fail(st.error());
    if (!global.quiet) {
        size_t hidden = 0;
        for (const auto& r : rows) hidden += r.value.is_null() ? 1 : 0;
        fmt::print(stderr, "open data {}: {} figures ({} suppressed) written to {}, metadata to {}\n", args.year,
                   rows.size(), hidden, file.string(), meta_file.string());
    }
    return 0;
}

}  // namespace

void register_opendata_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<OpenDataArgs>();
    auto* cmd = app.add_subcommand(
        "opendata", "Write a year's figures as open data (csv or json) with their DCAT-AP-NL metadata beside them");
    cmd->add_option("--year", args->year, "The year")->required();
    cmd->add_option("--format", args->format, "csv (default) or json");
    cmd->add_option("-o,--output", args->output, "The file to write; the metadata goes to FILE.metadata.json")
        ->required();
    cmd->callback([&options, &exit_code, args] { exit_code = run_opendata(options, *args); });
}

}  // namespace grip::cli
