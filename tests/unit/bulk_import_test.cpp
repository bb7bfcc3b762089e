// The bulk import path (ingest/bulk_path.h) against the record-at-a-time
// path: the same deliveries through either give the same store, table by
// table and row by row (sealed values compared by what they hold: each seal
// has a random nonce), the same report and the same records noted for the
// processing log. On the 2023 sample with its corrections, on one delivery
// that corrects and withdraws its own records, and on a small demo city.

#include <algorithm>
#include <optional>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include "common/clock.h"
#include "ingest/bulk_path.h"
#include "ingest/delivery_log.h"
#include "privacy/processing_log.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
using ingest::ImportPath;

// One store beside the other, with the same keys and the same clock, so that
// every pseudonym, subject id and time can be the same.
class PathStore {
public:
    PathStore(const TempDir& dir, const std::string& name, const privacy::Keyring& keys, const Clock& clock)
        : keys_(keys) {
        auto store = storage::open_store(store_location(dir.path(), name), "GM0599");
        if (!store) throw std::runtime_error(store.error().message);
        store_ = std::move(*store);
        store_->set_clock(clock);
    }

    storage::Store& store() { return *store_; }

    ingest::ImportReport import(const std::string& name, const std::string& text, ImportPath path,
                                ingest::ImportMode mode = ingest::ImportMode::AllOrNothing,
                                std::optional<size_t> cache_entries = std::nullopt) {
        ingest::Importer importer(*store_, shipped_catalogue(), keys_);
        ingest::ImportOptions options;
        options.mode = mode;
        options.path = path;
        if (cache_entries) options.cache_entries = *cache_entries;
        options.touched = &touched_;
        auto report = importer.import_data(name, text, options);
        if (!report) throw std::runtime_error(report.error().message);
        if (report->committed) {
            // What the processing log would be told, in order.
            auto st = touched_.for_each([&](const ingest::TouchedRecord& r) -> Status {
                log_ += fmt::format("{} {} {} {}\n", records::kind_name(r.kind), static_cast<int>(r.action), r.subject,
                                    r.id);
                return ok_status();
            });
            if (!st) throw std::runtime_error(st.error().message);
        }
        (void)touched_.clear();
        return *report;
    }

    // Every row of every table, sealed values opened. `placed_apart`: each
    // table's rows sorted, rather than in the order the store gives them,
    // and without the record tables' row numbers (see expect_same_store).
    std::string dump(bool placed_apart = false) {
        auto scoped = store_->set_municipality(storage::kEveryMunicipality);
        if (!scoped) throw std::runtime_error(scoped.error().message);
        std::string out;
        auto tables = storage::logical_tables();
        tables.push_back("meta");
        for (const auto& table : tables) {
            auto columns = store_->columns(table);
            if (!columns) throw std::runtime_error(columns.error().message);
            if (placed_apart) std::erase(*columns, std::string("rid"));
            std::vector<bool> sealed(columns->size(), false);
            for (const auto& c : storage::sealed_columns())
                if (c.table == table)
                    for (size_t i = 0; i < columns->size(); ++i) sealed[i] = sealed[i] || (*columns)[i] == c.column;
            std::vector<std::string> rows;
            auto read = store_->read_rows(table, *columns, [&](const storage::Row& row) -> Status {
                std::string line = table + ":";
                for (size_t i = 0; i < row.size(); ++i) {
                    const auto& cell = row[i];
                    line += '\t';
                    if (sealed[i] && cell.type != storage::Cell::Type::Null && !cell.s.empty()) {
                        line += "sealed:" + TRY(keys_.unseal(cell.s));
                        continue;
                    }
                    switch (cell.type) {
                        case storage::Cell::Type::Null: line += "NULL"; break;
                        case storage::Cell::Type::Int: line += std::to_string(cell.i); break;
                        case storage::Cell::Type::Real: line += fmt::format("{}", cell.r); break;
                        case storage::Cell::Type::Text: line += "t:" + cell.s; break;
                        case storage::Cell::Type::Bytes: line += "b:" + cell.s; break;
                    }
                }
                rows.push_back(std::move(line));
                return ok_status();
            });
            if (!read) throw std::runtime_error(table + ": " + read.error().message);
            // In the order the store gives them: the same order is part of the same store.
            if (placed_apart) std::sort(rows.begin(), rows.end());
            for (auto& r : rows) out += r + '\n';
        }
        auto back = store_->set_municipality("GM0599");
        if (!back) throw std::runtime_error(back.error().message);
        return out;
    }

    const std::string& log() const { return log_; }

private:
    const privacy::Keyring& keys_;
    std::unique_ptr<storage::Store> store_;
    ingest::TouchedRecords touched_;
    std::string log_;
};

// What a report says, without its time and path.
std::string paths_report_text(const ingest::ImportReport& r) {
    const auto& c = r.counts;
    std::string out =
        fmt::format("{} {} {} {} {} {} {} committed={} delivery={} errors={}\n", c.read, c.stored, c.replaced,
                    c.withdrawn, c.unchanged, c.rejected, r.reference_retries, r.committed, r.delivery, r.errors_total);
    for (const auto& e : r.errors) out += e.text() + '\n';
    return out;
}

// The first line that differs, to say where two dumps part (never a whole dump).
std::string paths_first_difference(const std::string& a, const std::string& b) {
    std::istringstream x(a), y(b);
    std::string l, r;
    for (int n = 1;; ++n) {
        const bool more_l = static_cast<bool>(std::getline(x, l));
        const bool more_r = static_cast<bool>(std::getline(y, r));
        if (!more_l && !more_r) return "none";
        if (l != r || more_l != more_r) return fmt::format("line {}: table {}", n, l.substr(0, l.find(':')));
    }
}

// The indexes of a SQLite store's activity table, by name and definition:
// the bulk path drops them for the load and must build them all again.
std::string activity_indexes(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rec_activity' "
                               "ORDER BY name",
                               -1, &st, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW) {
                const auto* sql = sqlite3_column_text(st, 1);
                out += fmt::format("{} {}\n", reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                                   sql ? reinterpret_cast<const char*>(sql) : "");
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

// Imports `deliveries` in order into a store through the record path and
// into another through the bulk path, and compares everything.
void expect_same_store(const std::vector<std::pair<std::string, std::string>>& deliveries,
                       ingest::ImportMode mode = ingest::ImportMode::AllOrNothing,
                       std::optional<size_t> cache_entries = std::nullopt) {
    TempDir dir;
    const auto keys = keys_of(7);
    ManualClock clock(1'767'225'600);
    PathStore record(dir, "record.db", keys, clock);
    PathStore bulk(dir, "bulk.db", keys, clock);
    bool refused = false;
    for (const auto& [name, text] : deliveries) {
        const auto a = record.import(name, text, ImportPath::Record, mode, cache_entries);
        const auto b = bulk.import(name, text, ImportPath::Bulk, mode, cache_entries);
        EXPECT_EQ(a.path, ImportPath::Record);
        EXPECT_EQ(b.path, ImportPath::Bulk);
        EXPECT_EQ(paths_report_text(a), paths_report_text(b)) << name;
        refused = refused || !a.committed;
    }
    // After a refused delivery, PostgreSQL's tables hold the dead rows of
    // what the record path sent before the rollback, which used up row
    // numbers (rid) and room; the bulk path may not have sent them yet. The
    // rows after it are the same rows, numbered and placed otherwise.
    const bool placed_apart = refused && on_postgres();
    const std::string a = record.dump(placed_apart), b = bulk.dump(placed_apart);
    EXPECT_GT(a.size(), 1000u);
    EXPECT_TRUE(a == b) << "the stores differ first at " << paths_first_difference(a, b);
    EXPECT_FALSE(record.log().empty());
    EXPECT_TRUE(record.log() == bulk.log()) << "the records noted for the processing log differ";
    if (!on_postgres()) {
        const auto indexes = activity_indexes(dir / "record.db");
        EXPECT_NE(indexes.find("activity_person"), std::string::npos) << indexes;
        EXPECT_EQ(activity_indexes(dir / "bulk.db"), indexes);
    }
}

class BulkImport : public ::testing::Test {
protected:
    void SetUp() override {
        data_ = shared_dir() / "data";
        if (!std::filesystem::exists(data_ / "sample-2023.ndjson"))
            GTEST_SKIP() << "../shared/data is not beside the checkout";
        sample_ = read_file(data_ / "sample-2023.ndjson");
        corrections_ = read_file(data_ / "sample-2023-correcties.ndjson");
    }

    std::filesystem::path data_;
    std::string sample_, corrections_;
};

TEST_F(BulkImport, SampleThenItsCorrectionsGiveTheSameStoreOnBothPaths) {
    expect_same_store({{"sample-2023.ndjson", sample_}, {"sample-2023-correcties.ndjson", corrections_}});
}

// Corrections and withdrawals inside one large delivery: a later version of
// a record in the same delivery wins, a withdrawal removes it, and an address
// that moves to another area makes its activities count there (which asks
// the store for the activities that refer to it: on the bulk path, with the
// activity table's indexes dropped, the store builds them first).
TEST_F(BulkImport, ADeliveryThatCorrectsAndWithdrawsItsOwnRecordsGivesTheSameStore) {
    std::vector<std::string> moved;
    std::string first_area;
    std::istringstream in(sample_);
    for (std::string line; std::getline(in, line) && moved.size() < 20;) {
        auto v = json::parse(line).as_object();
        if (v.at("kind").as_string() != "address" || !v.contains("area")) continue;
        if (first_area.empty()) first_area = std::string(v.at("area").as_string());
        if (v.at("area").as_string() == first_area) continue;
        v["area"] = first_area;
        moved.push_back(json::serialize(v));
    }
    ASSERT_FALSE(moved.empty());
    std::string one = sample_;
    if (!one.ends_with('\n')) one += '\n';
    one += corrections_;
    if (!one.ends_with('\n')) one += '\n';
    for (const auto& m : moved) one += m + '\n';
    expect_same_store({{"sample-and-corrections.ndjson", one}});
}

// Lines that wait for records later in the file (activities before their
// persons), a later version of a waiting record, and a withdrawal of one that
// waited: the bulk path keeps a line's record and object where the parallel
// stage made them, and takes them only when the line must wait, so the
// waiting lines must come out exactly as on the record path.
TEST_F(BulkImport, ForwardReferencesAndLaterVersionsOfWaitingLinesGiveTheSameStore) {
    std::vector<json::object> early;
    std::istringstream in(sample_);
    for (std::string line; std::getline(in, line) && early.size() < 3;) {
        auto v = json::parse(line).as_object();
        if (v.at("kind").as_string() == "activity" && v.contains("person")) early.push_back(std::move(v));
    }
    ASSERT_EQ(early.size(), 3u);
    std::string text;
    for (const auto& a : early) text += json::serialize(a) + '\n';
    auto moved = early[0];
    moved["date"] = "2023-06-30";
    text += json::serialize(moved) + '\n';  // a later version, waiting behind the first
    text += sample_;
    if (!text.ends_with('\n')) text += '\n';
    text += json::serialize(json::object{{"kind", "activity"}, {"id", early[1].at("id")}, {"deleted", true}}) + '\n';
    expect_same_store({{"forward.ndjson", text}});
}

// A delivery with bad lines is refused the same way on both paths, with the
// same errors in the same order; in partial mode the same good lines are stored.
TEST_F(BulkImport, BadLinesAreRefusedAndRejectedTheSameWay) {
    // The sample's first lines (areas, organisations, locations, addresses,
    // persons): enough to store, small enough to stay cheap.
    std::string good;
    std::istringstream in(sample_);
    std::string line;
    for (int n = 0; n < 1000 && std::getline(in, line); ++n) good += line + '\n';
    std::string text = good;
    text += "{not json\n";
    text += R"({"kind":"activity","id":"BAD-1","type":"no_such_type","date":"2023-01-01"})"
            "\n";
    text += R"({"kind":"activity","id":"BAD-2","type":"huisbezoek","date":"2023-01-01","kind":"person"})"
            "\n";
    text += R"({"kind":"activity","id":"BAD-3","type":"huisbezoek","date":"2023-02-01","address":"NO-SUCH-ADDRESS"})"
            "\n";
    expect_same_store({{"bad.ndjson", text}, {"good.ndjson", good}});
    expect_same_store({{"bad.ndjson", text}}, ingest::ImportMode::Partial);
}

// A small generated city (grip generate's demo, scaled down to stay cheap):
// persons linked by same_as, every activity type, several years.
TEST(BulkImportCity, TheDemoCityGivesTheSameStoreOnBothPaths) {
    expect_same_store({{"demo-stad.ndjson", small_demo_city()}});
}

// The same with caches of a few entries, as a delivery far larger than the
// caches meets them: the figures are written out and read back many times
// during the delivery, between the rows the bulk path sends in bulk.
TEST(BulkImportCity, TheDemoCityGivesTheSameStoreOnBothPathsWithTinyCaches) {
    expect_same_store({{"demo-stad.ndjson", small_demo_city()}}, ingest::ImportMode::AllOrNothing, 7);
}

// The rule of the automatic choice: bulk for a large delivery into a store
// without records, else one record at a time; an asked path is taken as asked.
TEST(BulkImportChoice, BulkOnlyForALargeDeliveryIntoAnEmptyStore) {
    TestStore t;
    auto& store = t.store();
    auto chosen = [&](ImportPath asked, std::optional<uint64_t> size) {
        auto empty = ingest::holds_no_record(store);
        EXPECT_TRUE(empty) << empty.error().message;
        return ingest::choose_path(asked, size, empty && *empty);
    };
    EXPECT_EQ(chosen(ImportPath::Auto, ingest::kBulkMinBytes), ImportPath::Bulk);
    EXPECT_EQ(chosen(ImportPath::Auto, ingest::kBulkMinBytes - 1), ImportPath::Record);
    EXPECT_EQ(chosen(ImportPath::Auto, std::nullopt), ImportPath::Record);
    EXPECT_EQ(chosen(ImportPath::Record, ingest::kBulkMinBytes), ImportPath::Record);
    EXPECT_EQ(chosen(ImportPath::Bulk, 10), ImportPath::Bulk);
    ASSERT_TRUE(t.import_text("one.ndjson",
                              R"({"kind":"organisation","id":"ORG-1","name":"Team","type":"ketenpartner"})"
                              "\n")
                    .committed);
    EXPECT_EQ(chosen(ImportPath::Auto, ingest::kBulkMinBytes), ImportPath::Record);
    EXPECT_EQ(chosen(ImportPath::Bulk, ingest::kBulkMinBytes), ImportPath::Bulk);
}

// The command line: --path takes the path asked and says which it took.
TEST(BulkImportChoice, TheCommandLineTakesThePathAskedAndSaysIt) {
    TempDir dir;
    write_file(dir / "org.ndjson", R"({"kind":"organisation","id":"ORG-1","name":"Team","type":"ketenpartner"})"
                                   "\n");
    write_file(dir / "org2.ndjson", R"({"kind":"organisation","id":"ORG-2","name":"Team 2","type":"ketenpartner"})"
                                    "\n");
    auto bulk = run_grip(dir.path(), "import --path bulk " + (dir / "org.ndjson").string());
    EXPECT_EQ(bulk.code, 0) << bulk.err;
    EXPECT_NE(bulk.err.find("bulk path"), std::string::npos) << bulk.err;
    auto record = run_grip(dir.path(), "import " + (dir / "org2.ndjson").string());
    EXPECT_EQ(record.code, 0) << record.err;
    EXPECT_NE(record.err.find("record path"), std::string::npos) << record.err;
    auto wrong = run_grip(dir.path(), "import --path fast " + (dir / "org2.ndjson").string());
    EXPECT_NE(wrong.code, 0);
}

// The processing log's account of a delivery is written in batches: one
// append (one lock and one write of the log file) for thousands of records,
// not one per record, with every record's entry in the order it was touched.
TEST(BulkImportLog, ADeliveryIsLoggedInBatchesNotOneAppendPerRecord) {
    TempDir dir;
    const auto keys = keys_of(7);
    auto log = privacy::ProcessingLog::open(dir / "grip.processing-log.ndjson", keys);
    ASSERT_TRUE(log.ok()) << log.error().message;
    ingest::TouchedRecords touched;
    constexpr int kRecords = 20'000;
    for (int i = 0; i < kRecords; ++i)
        ASSERT_TRUE(touched.add({records::Kind::Person, ingest::TouchAction::Create, i + 1, fmt::format("P-{}", i)}));
    privacy::LogEntry base;
    base.actor = "beheer";
    base.processing_activity = "registratie";
    base.municipality = "GM0599";
    const int64_t appends = (*log)->appends();
    auto st = ingest::log_delivered(**log, keys, touched, base);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_LE((*log)->appends() - appends, 3) << "a few appends for the whole delivery";
    auto entries = privacy::read_log(dir / "grip.processing-log.ndjson", {});
    ASSERT_TRUE(entries.ok()) << entries.error().message;
    ASSERT_EQ(entries->size(), static_cast<size_t>(kRecords));
    for (int i = 0; i < kRecords; i += 4999) {
        EXPECT_EQ((*entries)[static_cast<size_t>(i)].record, fmt::format("person/P-{}", i));
        EXPECT_EQ((*entries)[static_cast<size_t>(i)].action, privacy::LogAction::Create);
        EXPECT_FALSE((*entries)[static_cast<size_t>(i)].subject.empty());
    }
}

}  // namespace
}  // namespace grip::testing
