#include "test_support.h"

#include <sodium.h>

#include <stdexcept>

#include "generator/city_generator.h"
#include "privacy/processing_log.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace grip::testing {

privacy::Keyring keys_of(unsigned char fill) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    privacy::Keyring::Key master{};
    master.fill(fill);
    return privacy::Keyring::from_master(master);
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const std::filesystem::path& file, std::string_view data) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << data;
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_lines(const std::filesystem::path& file, const std::vector<std::string>& lines) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    for (const auto& line : lines) out << line << '\n';
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / fmt::format("grip-test-{:016x}", (uint64_t{rd()} << 32) | rd());
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

const catalogue::Catalogue& shipped_catalogue() {
    static const catalogue::Catalogue cat = [] {
        auto loaded = catalogue::load_catalogue(std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "programme.json");
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return loaded->catalogue;
    }();
    return cat;
}

bool on_postgres() {
    const char* url = std::getenv("GRIP_TEST_POSTGRES");
    return url && *url;
}

std::string store_location(const std::filesystem::path& dir, const std::string& name) {
    if (!on_postgres()) return (dir / name).string();
    // The test's folder is unique (mkdtemp), and so is the database named after it.
    const size_t h = std::hash<std::string>{}((dir / name).string());
    std::string base = std::getenv("GRIP_TEST_POSTGRES");
    while (!base.empty() && base.back() == '/') base.pop_back();
    return fmt::format("{}/grip_t_{:016x}", base, h);
}

std::filesystem::path default_log_file(const std::filesystem::path& dir, const std::string& name) {
    return privacy::processing_log_file_for(store_location(dir, name), dir / "cli.key");
}

std::string store_contents(storage::Store& store) {
    std::string out;
    auto tables = storage::logical_tables();
    tables.push_back("meta");
    for (const auto& table : tables) {
        auto columns = store.columns(table);
        if (!columns) throw std::runtime_error(columns.error().message);
        auto read = store.read_rows(table, *columns, [&](const storage::Row& row) -> Status {
            for (const auto& cell : row) {
                if (cell.type == storage::Cell::Type::Int) out += std::to_string(cell.i);
                else if (cell.type == storage::Cell::Type::Real) out += std::to_string(cell.r);
                else out += cell.s;
                out += '\t';
            }
            out += '\n';
            return ok_status();
        });
        if (!read) throw std::runtime_error(read.error().message);
    }
    return out;
}

int64_t test_scaled(int64_t full) {
    const char* env = std::getenv("GRIP_TEST_SCALE_PERCENT");
    if (env == nullptr || *env == '\0') return full;
    const long percent = std::strtol(env, nullptr, 10);
    if (percent <= 0 || percent >= 100) return full;
    return std::max<int64_t>(1, full * percent / 100);
}

generator::CityOptions test_city_options() {
    auto options = generator::city_options_for_scale("demo");
    if (!options) throw std::runtime_error(options.error().message);
    options->activities = test_scaled(options->activities);
    options->persons = test_scaled(options->persons);
    options->addresses = test_scaled(options->addresses);
    return *options;
}

std::string city_ndjson(const generator::CityOptions& options, boost::json::object* expected) {
    std::ostringstream ndjson;
    if (auto made = generator::generate_city(options, ndjson, expected); !made)
        throw std::runtime_error(made.error().message);
    return ndjson.str();
}

std::string small_demo_city() {
    auto options = generator::city_options_for_scale("demo");
    if (!options) throw std::runtime_error(options.error().message);
    options->activities = 3000;
    options->persons = 800;
    options->addresses = 300;
    return city_ndjson(*options);
}

TestStore::TestStore() {
    auto keys = privacy::Keyring::open(dir_ / "test.key", privacy::CreateIfMissing::Yes);
    if (!keys) throw std::runtime_error(keys.error().message);
    keys_ = *keys;
    auto store = storage::open_store(store_location(dir_.path(), "test.db"), "GM0599");
    if (!store) throw std::runtime_error(store.error().message);
    store_ = std::move(*store);
}

ingest::ImportReport TestStore::import(const std::filesystem::path& file, ingest::ImportMode mode,
                                       std::optional<std::filesystem::path> rejects) {
    ingest::Importer importer(*store_, catalogue(), keys_);
    ingest::ImportOptions options;
    options.mode = mode;
    options.rejects = rejects;
    auto report = importer.import_file(file, options);
    if (!report) throw std::runtime_error(report.error().message);
    return *report;
}

ingest::ImportReport TestStore::import_text(const std::string& name, const std::string& text, ingest::ImportMode mode) {
    ingest::Importer importer(*store_, catalogue(), keys_);
    ingest::ImportOptions options;
    options.mode = mode;
    auto report = importer.import_data(name, text, options);
    if (!report) throw std::runtime_error(report.error().message);
    return *report;
}

indicators::IndicatorSet TestStore::indicators(const std::string& period, const std::string& area) {
    indicators::Engine engine(*store_, catalogue());
    auto p = Period::parse(period);
    if (!p) throw std::runtime_error("bad period in test");
    auto set = engine.compute(*p, area);
    if (!set) throw std::runtime_error(set.error().message);
    return *set;
}

int64_t TestStore::value(const std::string& period, const std::string& code, const std::string& area) {
    const auto set = indicators(period, area);
    const auto* f = set.find(code);
    if (!f) throw std::runtime_error("unknown indicator " + code);
    return f->number();
}

std::string TestStore::snapshot() {
    std::string out;
    for (auto kind : records::kAllKinds) {
        auto all = store_->all_current(kind);
        if (!all) throw std::runtime_error(all.error().message);
        for (const auto& r : *all)
            out += fmt::format("{} {} v{} {}\n", records::kind_name(kind), r.record.id, r.seq,
                               boost::json::serialize(r.record.fields));
    }
    std::vector<int32_t> periods;
    for (int y = 2015; y <= 2030; ++y) periods.push_back(Period::year_of(y).key());
    auto cells = store_->cells(periods, {});
    if (!cells) throw std::runtime_error(cells.error().message);
    std::vector<std::string> lines;
    for (const auto& [k, n] : *cells)
        lines.push_back(fmt::format("cell {} {} {} {} = {}", k.tally, k.period, k.area, k.value, n));
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) out += l + "\n";
    return out;
}

GripRun run_grip(const std::filesystem::path& dir, const std::string& args, const std::string& input,
                 const std::string& store) {
    std::ofstream(dir / "stdin.txt", std::ios::binary) << input;
    const std::string cmd =
        fmt::format("{} --db {} --key-file {} {} < {} 2> {}", GRIP_BINARY, store.empty() ? store_location(dir) : store,
                    (dir / "cli.key").string(), args, (dir / "stdin.txt").string(), (dir / "stderr.txt").string());
    GripRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(dir / "stderr.txt", std::ios::binary);
    std::stringstream ss;
    ss << err.rdbuf();
    r.err = ss.str();
    return r;
}

std::vector<std::string> blocks_named(const std::string& text) {
    auto at = text.find("geschreven: ");
    if (at == std::string::npos) return {};
    std::string list;
    for (char c : text.substr(at + 12)) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ',' || c == ' '))
            break;
        list += c;
    }
    while (!list.empty() && (list.back() == '.' || list.back() == ' ')) list.pop_back();
    std::vector<std::string> out;
    std::istringstream names(list);
    for (std::string block; std::getline(names, block, ',');) {
        block.erase(0, block.find_first_not_of(' '));
        if (!block.empty()) out.push_back(block);
    }
    return out;
}

}  // namespace grip::testing
