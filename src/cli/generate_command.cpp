#include "cli/generate_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/progress_bar.h"
#include "generator/bag_addresses.h"
#include "generator/city_boundaries.h"
#include "generator/city_generator.h"
#include "generator/city_layout.h"
#include "generator/expected_figures.h"

namespace grip::cli {
namespace {

struct GenerateArgs {
    std::string scale = "demo";
    int64_t activities = 0;
    int64_t persons = 0;
    int64_t addresses = 0;
    int first_year = 0;
    int years = 0;
    uint64_t seed = 1;
    std::string output;      // empty or "-": standard output
    std::string expected;    // empty: not written
    std::string late;        // the late partner's delivery; empty: not written
    std::string bag;         // the addresses as a BAG-style CSV; empty: not written
    std::string boundaries;  // the areas' boundaries as GeoJSON; empty: not written
    std::string growth;      // BUURT:melding_overbewoning:FACTOR; empty: none
    bool quiet = false;      // no progress bar, no summary

    // The options given on the command line, which override the scale's.
    CLI::Option* activities_option = nullptr;
    CLI::Option* persons_option = nullptr;
    CLI::Option* addresses_option = nullptr;
    CLI::Option* first_year_option = nullptr;
    CLI::Option* years_option = nullptr;
};

// 1234567 -> "1,234,567": large counts are read at a glance.
std::string grouped(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string megabytes(int64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

[[noreturn]] void fail_generate(const std::string& message) {
    fmt::print(stderr, "grip generate: error: {}\n", message);
    throw CLI::RuntimeError(1);
}

generator::CityOptions options_from(const GenerateArgs& args) {
    auto preset = generator::city_options_for_scale(args.scale);
    if (!preset) fail_generate(preset.error().message);
    generator::CityOptions o = *preset;
    if (args.activities_option->count() > 0) o.activities = args.activities;
    if (args.persons_option->count() > 0) o.persons = args.persons;
    if (args.addresses_option->count() > 0) o.addresses = args.addresses;
    if (args.first_year_option->count() > 0) o.first_year = args.first_year;
    if (args.years_option->count() > 0) o.years = args.years;
    o.seed = args.seed;
    if (!args.growth.empty())
        if (auto grown = generator::parse_growth(args.growth, o); !grown) fail_generate(grown.error().message);
    return o;
}

void run_generate(const GenerateArgs& args) {
    const generator::CityOptions options = options_from(args);
    const bool to_stdout = args.output.empty() || args.output == "-";

    // A file is written under a temporary name and renamed when complete, so
    // that a failed or interrupted run never leaves half a city behind.
    const std::string partial = to_stdout ? std::string() : args.output + ".part";
    std::ofstream file;
    if (!to_stdout) {
        file.open(partial, std::ios::binary | std::ios::trunc);
        if (!file) fail_generate(fmt::format("cannot write {}: check the folder exists and is writable", partial));
    }
    std::ostream& out = to_stdout ? std::cout : file;

    ProgressBar bar("generate", !args.quiet);
    boost::json::object expected;
    const auto started = std::chrono::steady_clock::now();
    std::ofstream late_file;
    generator::LateDelivery late;
    if (!args.late.empty()) {
        late_file.open(args.late, std::ios::binary | std::ios::trunc);
        if (!late_file)
            fail_generate(fmt::format("cannot write {}: check the folder exists and is writable", args.late));
        late.out = &late_file;
    }
    auto result = generator::generate_city(
        options, out, args.expected.empty() ? nullptr : &expected,
        [&bar](int64_t done, int64_t total) {
            bar.update(static_cast<uint64_t>(done), static_cast<uint64_t>(total), done);
        },
        args.late.empty() ? nullptr : &late);
    bar.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!result) {
        if (!to_stdout) {
            file.close();
            std::error_code ignored;
            std::filesystem::remove(partial, ignored);
        }
        fail_generate(result.error().message);
    }
    if (!to_stdout) {
        file.close();
        if (!file) fail_generate(fmt::format("could not finish writing {} (disk full?)", partial));
        std::error_code ec;
        std::filesystem::rename(partial, args.output, ec);
        if (ec) fail_generate(fmt::format("cannot rename {} to {}: {}", partial, args.output, ec.message()));
    }
    if (!args.late.empty()) {
        late_file.close();
        if (!late_file) fail_generate(fmt::format("could not finish writing {} (disk full?)", args.late));
    }
    if (!args.bag.empty()) {
        std::ofstream b(args.bag, std::ios::binary | std::ios::trunc);
        if (auto written = generator::write_bag_addresses(options, b); !written) fail_generate(written.error().message);
        b.close();
        if (!b) fail_generate(fmt::format("cannot write the address list to {}", args.bag));
    }
    if (!args.boundaries.empty()) {
        generator::CityLayout layout;
        generator::add_rotterdam_areas(layout);
        std::ofstream b(args.boundaries, std::ios::binary | std::ios::trunc);
        b << generator::city_boundaries_geojson(layout);
        b.close();
        if (!b) fail_generate(fmt::format("cannot write the boundaries to {}", args.boundaries));
    }
    if (!args.expected.empty()) {
        std::ofstream e(args.expected, std::ios::binary | std::ios::trunc);
        e << generator::pretty_json(expected);
        e.close();
        if (!e) fail_generate(fmt::format("cannot write the expected figures to {}", args.expected));
    }

    if (args.quiet) return;
    const generator::GenerationSummary& s = *result;
    fmt::print(stderr,
               "grip generate: {} records ({} activities, {} persons, {} addresses) for {}-{}, seed {}: {} in {:.2f} s "
               "({} records/s) to {}\n",
               grouped(s.records), grouped(s.activities), grouped(s.persons), grouped(s.addresses), options.first_year,
               options.first_year + options.years - 1, options.seed, megabytes(s.bytes), seconds,
               grouped(static_cast<int64_t>(static_cast<double>(s.records) / std::max(seconds, 1e-6))),
               to_stdout ? std::string("standard output") : args.output);
    if (!args.late.empty()) {
        fmt::print(stderr,
                   "grip generate: the late partner's delivery for {} ({} shelter intakes at {}) in {}; import it "
                   "with --received-at {}\n",
                   late.period, late.count, late.location, args.late, late.received_at);
    }
    if (!args.expected.empty()) {
        fmt::print(stderr, "grip generate: expected figures for {} year(s) in {}\n", expected.size(), args.expected);
    }
}

}  // namespace

void register_generate_command(CLI::App& app) {
    auto args = std::make_shared<GenerateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "generate", "Write a synthetic city in the exchange format (NDJSON), for the demo, tests and benchmarks");
    cmd->add_option("--scale", args->scale,
                    "Preset: demo (20k activities, 2022-2023), bench (1M), 10m (10M, 2M persons)")
        ->check(CLI::IsMember({"demo", "bench", "10m"}));
    args->activities_option = cmd->add_option("--activities", args->activities, "Activity records over all years");
    args->persons_option = cmd->add_option("--persons", args->persons, "Person records");
    args->addresses_option = cmd->add_option("--addresses", args->addresses, "Address records");
    args->first_year_option = cmd->add_option("--first-year", args->first_year, "First year of the activities");
    args->years_option = cmd->add_option("--years", args->years, "Number of years");
    cmd->add_option(
        "--growth", args->growth,
        "BUURT:melding_overbewoning:FACTOR: in the last year that buurt's reports of overcrowding grow to FACTOR "
        "times the year before's (to try signals)");
    cmd->add_option("--seed", args->seed, "Seed: the same seed gives the same city, byte for byte");
    cmd->add_option("-o,--output", args->output, "NDJSON file to write (default: standard output)");
    cmd->add_option("--expected", args->expected, "Also write the intended indicator figures per year (JSON)");
    cmd->add_option("--late-delivery", args->late,
                    "Also write the late partner's delivery (a shelter's intakes for March of the last year; "
                    "import it with --received-at YYYY-05-01 to see it late in the delivery calendar)");
    cmd->add_option("--bag-addresses", args->bag,
                    "Also write the city's addresses as a BAG-style address list (CSV), for grip import --bag");
    cmd->add_option("--boundaries", args->boundaries,
                    "Also write plausible boundaries of the city's buurten and wijken as GeoJSON in the shape of the "
                    "CBS Wijk- en Buurtkaart, for grip import --geojson");
    cmd->callback([args, &app]() {
        // The program may have a global --quiet (no progress bar or summary);
        // errors are printed regardless.
        const CLI::Option* quiet = app.get_option_no_throw("--quiet");
        args->quiet = quiet != nullptr && quiet->count() > 0;
        run_generate(*args);
    });
}

}  // namespace grip::cli
