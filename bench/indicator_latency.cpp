// Indicator latency in a running process, on an existing store.
//
//   GRIP_BENCH_DB=/tmp/grip-bench/1m/grip.db build-bench/grip_bench
//
// Environment:
//   GRIP_BENCH_DB     the SQLite store (required; the benchmarks are skipped
//                     with an error when it is not set)
//   GRIP_BENCH_KEY    its key file (optional: reading figures needs no key;
//                     when given, it is checked against the store)
//   GRIP_BENCH_YEAR   the year measured (default 2023)
//   GRIP_BENCH_BUURT  the buurt of the single-buurt case (default: the first
//                     buurt of the store)
//
// What is measured, in milliseconds per iteration (the store is opened and
// its figures brought up to date once, before the timing):
//   all_indicators_year_all_areas  one compute_many over the 12 months, 4
//       quarters and the year x every area key (city, priority, rest, each
//       wijk and buurt): every default indicator, each with its previous
//       period beside it
//   city_year                      compute(year, "") for the municipality
//   buurt_year                     compute(year, buurt) for one buurt

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "catalogue/catalogue_loader.h"
#include "common/date.h"
#include "indicators/engine.h"
#include "indicators/fact_resolver.h"
#include "indicators/figure_keeper.h"
#include "privacy/keyring.h"
#include "storage/store.h"

namespace {

using namespace grip;

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Everything the benchmarks share, opened once per process.
struct Fixture {
    std::string error;  // non-empty: the benchmarks skip with this message
    std::unique_ptr<storage::Store> store;
    std::optional<catalogue::LoadedCatalogue> catalogue;
    std::unique_ptr<indicators::Engine> engine;
    int year = 2023;
    std::vector<Period> periods;     // 12 months, 4 quarters, the year
    std::vector<int32_t> area_keys;  // all, priority, rest, each wijk and buurt
    size_t wijken = 0, buurten = 0;
    std::string buurt;  // code for the single-buurt case

    Fixture() {
        const std::string db = env_or("GRIP_BENCH_DB", "");
        if (db.empty()) {
            error = "set GRIP_BENCH_DB to an imported store (see bench/run)";
            return;
        }
        const std::string year_text = env_or("GRIP_BENCH_YEAR", "2023");
        try {
            year = std::stoi(year_text);
        } catch (const std::exception&) {
            error = fmt::format("GRIP_BENCH_YEAR is not a year: {}", year_text);
            return;
        }
        auto cat = catalogue::load_catalogue(catalogue::default_catalogue_file());
        if (!cat) {
            error = "catalogue: " + cat.error().message;
            return;
        }
        catalogue.emplace(std::move(*cat));
        auto st = storage::open_store(db, catalogue->catalogue.municipality_code);
        if (!st) {
            error = fmt::format("cannot open {}: {}", db, st.error().message);
            return;
        }
        store = std::move(*st);
        if (const std::string key = env_or("GRIP_BENCH_KEY", ""); !key.empty()) {
            auto ring = privacy::Keyring::open(key, privacy::CreateIfMissing::No);
            if (!ring) {
                error = fmt::format("cannot open the key file {}: {}", key, ring.error().message);
                return;
            }
            auto check = store->meta("key_check");
            if (!check || !*check || **check != ring->check_value()) {
                error = fmt::format("the key file {} does not belong to {}", key, db);
                return;
            }
        }
        // As `grip indicators` does: the maintained figures must match the
        // catalogue's counting rules (a no-op after `grip import`).
        indicators::FactResolver resolver(*store);
        indicators::FigureKeeper keeper(*store, catalogue->catalogue);
        if (auto ok = keeper.ensure_current(resolver); !ok) {
            error = "figures: " + ok.error().message;
            return;
        }
        engine = std::make_unique<indicators::Engine>(*store, catalogue->catalogue);
        auto tree = engine->area_tree();
        if (!tree) {
            error = "areas: " + tree.error().message;
            return;
        }
        area_keys = tree->all_keys();
        for (const auto& a : tree->areas()) {
            if (a.level == "wijk") ++wijken;
            if (a.level == "buurt") {
                ++buurten;
                if (buurt.empty()) buurt = a.code;
            }
        }
        buurt = env_or("GRIP_BENCH_BUURT", buurt);
        if (buurt.empty()) {
            error = "the store has no buurt: import a generated city first";
            return;
        }
        for (int m = 1; m <= 12; ++m) periods.push_back(Period::month_of(year, m));
        for (int q = 1; q <= 4; ++q) periods.push_back(Period::quarter_of(year, q));
        periods.push_back(Period::year_of(year));
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

void BM_all_indicators_year_all_areas(benchmark::State& state) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return;
    }
    size_t sets = 0, figures = 0;
    for (auto _ : state) {
        auto r = f.engine->compute_many(f.periods, f.area_keys);
        if (!r) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        sets = r->size();
        figures = 0;
        for (const auto& s : *r) figures += s.figures.size();
        benchmark::DoNotOptimize(r->data());
    }
    state.counters["periods"] = static_cast<double>(f.periods.size());
    state.counters["area_keys"] = static_cast<double>(f.area_keys.size());
    state.counters["sets"] = static_cast<double>(sets);
    state.counters["figures"] = static_cast<double>(figures);
    state.SetLabel(
        fmt::format("{}: 12 months + 4 quarters + year x {} areas ({} wijken, {} buurten, city, priority, "
                    "rest)",
                    f.year, f.area_keys.size(), f.wijken, f.buurten));
}

void compute_one(benchmark::State& state, const std::string& area) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return;
    }
    const Period year = Period::year_of(f.year);
    size_t figures = 0;
    for (auto _ : state) {
        auto r = f.engine->compute(year, area);
        if (!r) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        figures = r->figures.size();
        benchmark::DoNotOptimize(r->figures.data());
    }
    state.counters["figures"] = static_cast<double>(figures);
    state.SetLabel(fmt::format("{} {}", f.year, area.empty() ? std::string("city") : area));
}

void BM_city_year(benchmark::State& state) { compute_one(state, ""); }

void BM_buurt_year(benchmark::State& state) {
    Fixture& f = fixture();
    compute_one(state, f.buurt);
}

BENCHMARK(BM_all_indicators_year_all_areas)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_city_year)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_buurt_year)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
