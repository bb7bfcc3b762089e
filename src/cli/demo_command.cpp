#include <fstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/indicator_table.h"
#include "cli/progress_bar.h"
#include "common/clock.h"
#include "common/date.h"
#include "generator/bag_addresses.h"
#include "generator/city_boundaries.h"
#include "generator/city_generator.h"
#include "generator/city_layout.h"
#include "indicators/engine.h"
#include "indicators/figure_keeper.h"
#include "ingest/delivery.h"
#include "ingest/geojson_areas.h"
#include "report/render.h"
#include "report/report_builder.h"

namespace grip::cli {
namespace {

struct DemoArgs {
    std::string dir = "grip-demo";
};

Status write_file(const std::filesystem::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Error::io(fmt::format("cannot write {}", file.string()));
    return ok_status();
}

// The demo: a small generated city, imported into a store of its own,
// its indicators printed and its progress report written.
Status run_demo(const GlobalOptions& global, const DemoArgs& args) {
    const std::filesystem::path dir = args.dir;
    std::filesystem::create_directories(dir);
    auto options = TRY(generator::city_options_for_scale("demo"));
    const std::filesystem::path data = dir / "demo-stad.ndjson";
    // The late partner of the delivery calendar, and the city's addresses as
    // the BAG list a municipality loads (grip import --bag).
    const std::filesystem::path late_data = dir / "demo-stad-laat.ndjson";
    generator::LateDelivery late;
    if (!std::filesystem::exists(data) || !std::filesystem::exists(late_data)) {
        std::ofstream out(data, std::ios::binary);
        std::ofstream late_out(late_data, std::ios::binary);
        late.out = &late_out;
        TRY(generator::generate_city(options, out, nullptr, {}, &late));
        out.flush();
        late_out.flush();
        if (!out || !late_out) return Error::io(fmt::format("cannot write {}", data.string()));
        std::ofstream bag(dir / "addresses-bag.csv", std::ios::binary);
        TRY(generator::write_bag_addresses(options, bag));
    }
    // The buurten's boundaries in the shape of the CBS Wijk- en Buurtkaart,
    // loaded as a municipality loads the kaart, so that the demo has a map.
    const std::filesystem::path boundaries = dir / "wijk-en-buurtkaart.geojson";
    if (!std::filesystem::exists(boundaries)) {
        generator::CityLayout layout;
        generator::add_rotterdam_areas(layout);
        TRY(write_file(boundaries, generator::city_boundaries_geojson(layout)));
    }
    const int last_year = options.first_year + options.years - 1;
    // The deliveries as they came in: the city at the start of its first
    // year, in time for every period; the late partner's on 1 May.
    ManualClock received(int64_t{Date::from_ymd(options.first_year, 1, 1).days()} * 86'400);
    GlobalOptions demo = global;
    if (demo.db.empty()) demo.db = (dir / "demo.db").string();
    if (demo.key_file.empty()) demo.key_file = (dir / "demo.key").string();
    auto ctx = TRY(open_context(demo));
    ingest::Importer importer(*ctx.store, ctx.catalogue.catalogue, ctx.keys);
    ProgressBar bar("demo-stad.ndjson", !global.quiet);
    ingest::ImportOptions import_options;
    import_options.progress = [&](const ingest::ImportProgress& p) {
        bar.update(p.bytes_read, p.bytes_total, p.lines, p.stage);
    };
    ctx.store->set_clock(received);
    auto report = TRY(importer.import_file(data, import_options));
    bar.finish();
    received.set(int64_t{Date::from_ymd(last_year, 5, 1).days()} * 86'400);
    (void)TRY(importer.import_file(late_data, ingest::ImportOptions{}));
    ctx.store->set_clock(grip::system_clock());
    (void)TRY(ingest::import_area_geometries(*ctx.store, boundaries));
    if (!report.already_imported && !report.committed) {
        for (const auto& e : report.errors) fmt::print(stderr, "{}\n", e.text());
        return Error::invalid("the demo city did not import");
    }
    if (report.committed)
        fmt::print("Geïmporteerd: {} records in {:.1f} s ({:.0f} records/s)\n", report.counts.read, report.seconds,
                   report.records_per_second());

    const int year = last_year;
    indicators::Engine engine(*ctx.store, ctx.catalogue.catalogue);
    auto set = TRY(engine.compute(Period::year_of(year), ""));
    fmt::print("\n");
    print_table(ctx.catalogue.catalogue, set);
    report::ReportOptions ro;
    ro.year = year;
    const auto model = TRY(report::build_report(*ctx.store, ctx.catalogue.catalogue, ro));
    for (auto format : {report::ReportFormat::Html, report::ReportFormat::Markdown}) {
        const auto text = TRY(report::render_report(model, format, ctx.catalogue.directory / "report"));
        const auto file = dir / fmt::format("voortgang-{}{}", year, report::report_file_extension(format));
        TRY(write_file(file, text));
        fmt::print("\nVoortgangsrapportage {}: {}", year, std::filesystem::absolute(file).string());
    }
    fmt::print(
        "\n\nDe demo-opslag staat in {}; probeer:\n  build/grip --db {} --key-file {} indicators --year {} "
        "--area priority\n",
        std::filesystem::absolute(dir).string(), demo.db, demo.key_file, year);
    return ok_status();
}

}  // namespace

void register_demo_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand("demo", "Generate a demo city, import it, show its indicators and write its report");
    cmd->add_option("--dir", args->dir, "Where the demo's data, store and report go (default ./grip-demo)");
    cmd->callback([&options, &exit_code, args] {
        auto st = run_demo(options, *args);
        exit_code = st ? 0 : fail(st.error());
    });
}

}  // namespace grip::cli
