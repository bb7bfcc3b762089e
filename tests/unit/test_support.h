#pragma once
// Shared set-up for tests: a fresh store with its own key in a temporary
// folder, the shipped catalogue, and the paths of the test data.

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "catalogue/catalogue_loader.h"
#include "generator/city_generator.h"
#include "indicators/engine.h"
#include "ingest/delivery.h"
#include "privacy/keyring.h"
#include "storage/store.h"

namespace grip::testing {

inline std::filesystem::path test_data() { return GRIP_TEST_DATA_DIR; }
inline std::filesystem::path shared_dir() { return GRIP_SHARED_DIR; }

// A temporary folder removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Files as tests read and write them: whole, as bytes; lines without their
// newline. write_file makes the folder when it is missing.
std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, std::string_view data);
std::vector<std::string> read_lines(const std::filesystem::path& file);
void write_lines(const std::filesystem::path& file, const std::vector<std::string>& lines);

// A key ring from a master key of one repeated byte: two tests with the same
// byte share their keys, two bytes give two keys.
privacy::Keyring keys_of(unsigned char fill);

const catalogue::Catalogue& shipped_catalogue();

// The store `name` of a test in `dir`: a SQLite file there or, when
// GRIP_TEST_POSTGRES names a PostgreSQL server (scripts/test sets it for one
// of its runs), a database of its own on that server, made on first use.
std::string store_location(const std::filesystem::path& dir, const std::string& name = "cli.db");
bool on_postgres();
// The processing log `grip` keeps by default for the store `name` in `dir`
// with the key file cli.key there.
std::filesystem::path default_log_file(const std::filesystem::path& dir, const std::string& name = "cli.db");
// Every value in every table of the store, as text: what a reader of the
// store's storage could see.
std::string store_contents(storage::Store& store);

// A size of a test's generated input (a city's activities, persons and
// addresses; a number of generated cities): `full` in the normal build, and
// GRIP_TEST_SCALE_PERCENT of it (at least 1) where that is set. scripts/test
// sets it under the sanitizers, which look for memory and undefined-
// behaviour faults that a smaller city exercises as well; the normal build
// checks the full sizes.
int64_t test_scaled(int64_t full);

// The demo city's options (`grip generate`'s "demo" scale) with its
// activities, persons and addresses test_scaled.
generator::CityOptions test_city_options();

// The city `options` describe, as `grip generate` writes it (NDJSON);
// `expected`, when given, receives the figures the generator intended.
std::string city_ndjson(const generator::CityOptions& options, boost::json::object* expected = nullptr);

// Whether `text` holds `part` (a command's output, a document).
inline bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The text blocks a refusal names: "... geschreven: financieel, motie.M-1." ->
// {"financieel", "motie.M-1"}.
std::vector<std::string> blocks_named(const std::string& text);

// The demo city of `grip generate` scaled down to stay cheap in a test
// (3,000 activities, 800 persons, 300 addresses): persons linked by
// same_as, every activity type, several years. As NDJSON.
std::string small_demo_city();

// The grip program run as a user runs it, on the store cli.db (see
// store_location; or `store` when given) and key cli.key in `dir`, with
// `input` on standard input.
struct GripRun {
    int code = -1;
    std::string out;  // standard output
    std::string err;  // standard error
};
GripRun run_grip(const std::filesystem::path& dir, const std::string& args, const std::string& input = "",
                 const std::string& store = "");

// A store in a temporary folder with a key ring of its own.
class TestStore {
public:
    TestStore();
    storage::Store& store() { return *store_; }
    const privacy::Keyring& keys() const { return keys_; }
    const catalogue::Catalogue& catalogue() const { return shipped_catalogue(); }
    const TempDir& dir() const { return dir_; }

    ingest::ImportReport import(const std::filesystem::path& file,
                                ingest::ImportMode mode = ingest::ImportMode::AllOrNothing,
                                std::optional<std::filesystem::path> rejects = std::nullopt);
    ingest::ImportReport import_text(const std::string& name, const std::string& text,
                                     ingest::ImportMode mode = ingest::ImportMode::AllOrNothing);
    indicators::IndicatorSet indicators(const std::string& period, const std::string& area = "");
    int64_t value(const std::string& period, const std::string& code, const std::string& area = "");
    // Every current record of every kind and the maintained figures, as text:
    // two snapshots are equal when nothing was stored in between.
    std::string snapshot();

private:
    TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    privacy::Keyring keys_;
};

}  // namespace grip::testing
