#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/date.h"

#include "cli/cli_log.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "indicators/engine.h"
#include "ingest/delivery.h"
#include "ingest/delivery_log.h"
#include "ingest/geojson_areas.h"
#include "quality/check_counts.h"
#include "quality/figure_checks.h"

namespace grip::cli {
namespace {

struct ImportArgs {
    std::vector<std::string> files;
    bool partial = false;
    std::string rejects;
    std::string kind;
    uint64_t max_size_gib = 16;
    int64_t max_errors = 10'000;
    std::string received_at;    // empty: now
    bool bag = false;           // the CSV files are BAG-style address lists
    bool geojson = false;       // the files are area boundaries (CBS Wijk- en Buurtkaart)
    std::string path = "auto";  // auto, bulk or record (ingest/bulk_path.h)
};

// "2025-05-01" (midnight UTC) or "2025-05-01T09:30:00Z": seconds since the epoch.
std::optional<int64_t> received_time(std::string_view text) {
    const auto date = Date::parse(text.substr(0, 10));
    if (!date) return std::nullopt;
    int64_t seconds = int64_t{date->days()} * 86'400;
    if (text.size() == 10) return seconds;
    unsigned h = 0, m = 0, sec = 0;
    if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z' ||
        std::sscanf(std::string(text.substr(11, 8)).c_str(), "%2u:%2u:%2u", &h, &m, &sec) != 3 || h > 23 || m > 59 ||
        sec > 59)
        return std::nullopt;
    return seconds + h * 3600 + m * 60 + sec;
}

// Area boundaries for the map: each file replaces the municipality's
// boundaries as a whole (the areas themselves must be loaded already).
int run_geojson_import(const GlobalOptions& global, const ImportArgs& args) {
    auto ctx = open_context(global);
    if (!ctx) return fail(ctx.error());
    for (const auto& file : args.files) {
        auto read = ingest::import_area_geometries(*ctx->store, file);
        if (!read) return fail(read.error());
        if (!global.quiet)
            fmt::print(stderr, "{}: boundaries of {} area(s) stored; {} feature(s) of other municipalities skipped\n",
                       file, read->areas.size(), read->skipped);
    }
    return 0;
}

int run_import(const GlobalOptions& global, const ImportArgs& args) {
    if (args.geojson) return run_geojson_import(global, args);
    // A delivery received earlier (the first load of a partner's history, the
    // demo): its versions and the delivery itself carry that time, which the
    // delivery calendar judges (src/quality/delivery_calendar.h).
    ManualClock received;
    if (!args.received_at.empty()) {
        const auto at = received_time(args.received_at);
        if (!at) return fail(Error::invalid("--received-at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)"));
        received.set(*at);
    }
    auto ctx = open_context(global);
    if (!ctx) return fail(ctx.error());
    if (!args.received_at.empty()) ctx->store->set_clock(received);
    if (args.partial && args.rejects.empty()) {
        return fail(Error::invalid("--partial needs --rejects FILE, so that the rejected lines are not lost"));
    }
    const auto path = ingest::parse_path(args.path);
    if (!path) return fail(Error::invalid("--path must be auto, bulk or record"));
    auto log = CommandLog::open(*ctx, "registratie");
    if (!log) return fail(log.error());
    ingest::Importer importer(*ctx->store, ctx->catalogue.catalogue, ctx->keys);
    int code = 0;
    for (const auto& file : args.files) {
        ProgressBar bar(std::filesystem::path(file).filename().string(), !global.quiet);
        ingest::ImportOptions options;
        options.mode = args.partial ? ingest::ImportMode::Partial : ingest::ImportMode::AllOrNothing;
        if (!args.rejects.empty()) options.rejects = args.rejects;
        if (!args.kind.empty()) options.csv_kind = args.kind;
        if (args.bag) options.csv_kind = "bag";
        options.max_text_bytes = args.max_size_gib << 30;
        options.errors_max = args.max_errors;
        options.path = *path;
        options.progress = [&](const ingest::ImportProgress& p) {
            bar.update(p.bytes_read, p.bytes_total, p.lines, p.stage);
        };
        ingest::TouchedRecords touched;
        options.touched = &touched;
        // What the delivery's activities touched, for the checks across figures.
        quality::Touched touched_figures;
        options.admit = [&touched_figures](const records::Record& record) -> std::optional<records::FieldError> {
            if (record.kind == records::Kind::Activity) touched_figures.add(record);
            return std::nullopt;
        };
        // Counted as placed: after a first load the checks need not read every activity back.
        quality::CheckCounts counted(ctx->catalogue.catalogue);
        options.placed = [&counted](const records::Record& record) { counted.placed(record); };
        auto report = importer.import_file(file, options);
        bar.finish();
        if (!report) return fail(report.error());
        // Whose data the delivery stored, changed or withdrew: once it is committed.
        if (report->committed)
            if (auto logged = ingest::log_delivered(log->log(), ctx->keys, touched, log->base()); !logged)
                return fail(logged.error());
        if (report->already_imported) {
            const auto& d = *report->already_imported;
            fmt::print(stderr, "{}: already imported as delivery {} on {}; nothing changed\n", file, d.id,
                       d.finished_at);
            continue;
        }
        for (const auto& e : report->errors) fmt::print(stderr, "{}\n", e.text());
        // Only the first errors are kept: a file of a million bad lines
        // gives a hundred lines of errors and a count, not a million.
        if (report->errors_total > static_cast<int64_t>(report->errors.size()))
            fmt::print(stderr, "{}: and {} more line error(s)\n", file,
                       report->errors_total - static_cast<int64_t>(report->errors.size()));
        if (report->stopped) fmt::print(stderr, "{}\n", *report->stopped);
        const auto& c = report->counts;
        if (!global.quiet || !report->committed) {
            fmt::print(stderr,
                       "{}: {} read, {} stored, {} replaced, {} withdrawn, {} unchanged, {} rejected; {:.1f} s, {:.0f} "
                       "records/s, {} path{}\n",
                       file, c.read, c.stored, c.replaced, c.withdrawn, c.unchanged, c.rejected, report->seconds,
                       report->records_per_second(), ingest::path_name(report->path),
                       report->committed ? fmt::format(" (delivery {})", report->delivery) : "");
        }
        if (!report->committed) {
            fmt::print(stderr, "{}: nothing stored: correct the lines above and deliver the file again{}\n", file,
                       args.partial ? "" : ", or use --partial --rejects FILE to store the good lines");
            code = 4;
            break;
        }
        if (c.rejected > 0) {
            fmt::print(stderr, "{}: {} rejected line(s) written to {}\n", file, c.rejected, args.rejects);
            code = 4;
        }
        // The checks across figures the delivery's months now break: warnings, never a refusal.
        indicators::Engine engine(*ctx->store, ctx->catalogue.catalogue);
        auto warnings = quality::warnings_for(*ctx->store, ctx->catalogue.catalogue, engine, touched_figures, true,
                                              report->first_load ? &counted : nullptr);
        if (!warnings) return fail(warnings.error());
        for (const auto& w : *warnings) {
            const auto& o = w.as_object();
            const auto* place = o.if_contains("location_name");
            fmt::print(stderr, "{}: warning: {} ({}{}): {} against {}\n", file, o.at("label").as_string(),
                       o.at("period").as_string(), place ? fmt::format(", {}", place->as_string()) : std::string(),
                       o.at("left").as_int64(), o.at("right").as_int64());
        }
    }
    return code;
}

}  // namespace

void register_import_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<ImportArgs>();
    auto* cmd = app.add_subcommand("import", "Import deliveries in the exchange format (NDJSON or CSV, also .gz/.zst)");
    cmd->add_option("files", args->files, "Files to import, each one delivery, in this order")->required();
    cmd->add_flag("--partial", args->partial, "Store the good lines and write the bad ones to --rejects");
    cmd->add_option("--rejects", args->rejects, "Where rejected lines go, for correction and delivery again");
    cmd->add_option("--kind", args->kind, "The record kind of a CSV file without a kind column");
    cmd->add_flag("--bag", args->bag,
                  "The CSV files are BAG-style address lists (nummeraanduiding_id, postcode, huisnummer, huisletter, "
                  "huisnummertoevoeging, straat, woonplaats, buurtcode), read as address records; a CSV with such a "
                  "header (postcode, huisnummer and a BAG id, no kind column) is recognised without it");
    cmd->add_flag("--geojson", args->geojson,
                  "The files are area boundaries: the CBS Wijk- en Buurtkaart as GeoJSON (a FeatureCollection of "
                  "buurten and wijken with buurtcode or wijkcode and a Polygon or MultiPolygon), stored with the "
                  "areas for the dashboard's map; features of other municipalities are skipped");
    cmd->add_option("--max-size", args->max_size_gib, "The most text a file may hold once decompressed, in GiB")
        ->capture_default_str()
        ->check(CLI::Range(uint64_t{1}, uint64_t{1024}));
    cmd->add_option("--max-errors", args->max_errors, "Stop reading a file after this many line errors")
        ->capture_default_str()
        ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
    cmd->add_option("--received-at", args->received_at,
                    "When the deliveries came in, for loading ones received earlier (YYYY-MM-DD or "
                    "YYYY-MM-DDTHH:MM:SSZ, UTC; default now): the delivery calendar judges this time");
    cmd->add_option("--path", args->path,
                    "How the records go into the store: auto (bulk for a large delivery into an empty store), bulk "
                    "(records checked in parallel, indexes built after the load) or record (one at a time); the "
                    "store is the same either way (docs/import.md)")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "bulk", "record"}));
    cmd->callback([&options, &exit_code, args] { exit_code = run_import(options, *args); });
}

}  // namespace grip::cli
