// The checks across figures after a first load (quality/check_counts.h):
// their Count terms are counted from what the delivery placed instead of
// reading every activity back. Those counts must equal the store's
// (count_in_store, the reference, which the record path and `grip checks`
// keep using) and give the same warnings, on both import paths and both
// backends: the 2023 sample with its corrections, a delivery that corrects
// and withdraws its own counted activities, and a small demo city.

#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/delivery.h"
#include "quality/check_counts.h"
#include "quality/figure_checks.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
using ingest::ImportPath;

struct Counted {
    ingest::ImportReport report;
    quality::Touched touched;
};

// Imports `text` as the import command does: what the delivery touched, and
// its Count terms counted as placed.
Counted import_counting(TestStore& ts, quality::CheckCounts& counts, const std::string& name, const std::string& text,
                        ImportPath path) {
    Counted out;
    ingest::Importer importer(ts.store(), ts.catalogue(), ts.keys());
    ingest::ImportOptions options;
    options.path = path;
    options.admit = [&out](const records::Record& record) -> std::optional<records::FieldError> {
        if (record.kind == records::Kind::Activity) out.touched.add(record);
        return std::nullopt;
    };
    options.placed = [&counts](const records::Record& record) { counts.placed(record); };
    auto report = importer.import_data(name, text, options);
    EXPECT_TRUE(report) << report.error().message;
    if (report) out.report = *report;
    return out;
}

// Every Count term of every month (and year) the delivery touched, counted
// both ways, and the warnings both ways. Returns the sum of the counts, so
// that a caller can see the comparison had something to compare.
int64_t expect_the_stores_counts(TestStore& ts, const quality::CheckCounts& counts, const quality::Touched& touched) {
    int64_t total = 0;
    std::set<Period> periods = touched.months;
    for (const auto& m : touched.months) periods.insert(Period::year_of(m.year()));
    for (const auto& check : ts.catalogue().checks)
        for (const auto* term : {&check.left, &check.right}) {
            if (term->kind != catalogue::CheckTermKind::Count || !check.location_type.empty()) continue;
            for (const auto& period : periods) {
                const auto stored = quality::count_in_store(ts.store(), *term, period);
                const auto counted = counts.count(*term, period);
                EXPECT_TRUE(stored && counted.has_value()) << check.code;
                if (!stored || !counted) continue;
                EXPECT_EQ(*counted, *stored) << check.code << " " << period.text();
                if (period.kind() == PeriodKind::Month) total += *stored;
            }
        }
    indicators::Engine engine(ts.store(), ts.catalogue());
    const size_t every_month = touched.months.size();
    const auto read_back =
        quality::warnings_for(ts.store(), ts.catalogue(), engine, touched, true, nullptr, every_month);
    const auto from_counts =
        quality::warnings_for(ts.store(), ts.catalogue(), engine, touched, true, &counts, every_month);
    EXPECT_TRUE(read_back && from_counts);
    if (read_back && from_counts) {
        EXPECT_EQ(json::serialize(*from_counts), json::serialize(*read_back));
    }
    return total;
}

class CheckCountsSample : public ::testing::Test {
protected:
    void SetUp() override {
        const auto data = shared_dir() / "data";
        if (!std::filesystem::exists(data / "sample-2023.ndjson"))
            GTEST_SKIP() << "../shared/data is not beside the checkout";
        sample_ = read_file(data / "sample-2023.ndjson");
        corrections_ = read_file(data / "sample-2023-correcties.ndjson");
        if (!sample_.ends_with('\n')) sample_ += '\n';
        if (!corrections_.ends_with('\n')) corrections_ += '\n';
    }
    std::string sample_, corrections_;
};

// The sample and its corrections as one delivery into an empty store.
TEST_F(CheckCountsSample, AFirstLoadCountsWhatTheStoreHoldsOnBothPaths) {
    for (const auto path : {ImportPath::Record, ImportPath::Bulk}) {
        TestStore ts;
        quality::CheckCounts counts(ts.catalogue());
        const auto done = import_counting(ts, counts, "sample-and-corrections.ndjson", sample_ + corrections_, path);
        ASSERT_TRUE(done.report.committed);
        EXPECT_TRUE(done.report.first_load);
        EXPECT_GT(expect_the_stores_counts(ts, counts, done.touched), 0) << ingest::path_name(path);
    }
}

// Counted activities corrected inside the delivery: one no longer meets the
// term, one moves to another month, one is withdrawn, one is delivered again
// unchanged. What an earlier version counted is taken back.
TEST_F(CheckCountsSample, CorrectionsAndWithdrawalsInTheDeliveryTakeBackWhatTheyCounted) {
    std::vector<json::object> counted;
    std::istringstream in(sample_);
    for (std::string line; std::getline(in, line) && counted.size() < 4;)
        if (line.find("\"huisbezoek\"") != std::string::npos && line.find("\"overbewoning\"") != std::string::npos)
            counted.push_back(json::parse(line).as_object());
    ASSERT_EQ(counted.size(), 4u);
    std::string text = sample_;
    auto cleared = counted[0];
    cleared["attributes"] = json::object{{"misstand", false}};
    text += json::serialize(cleared) + '\n';
    auto moved = counted[1];
    moved["date"] = std::string(moved.at("date").as_string()).substr(0, 5) + "12-01";
    text += json::serialize(moved) + '\n';
    text += json::serialize(json::object{{"kind", "activity"}, {"id", counted[2].at("id")}, {"deleted", true}}) + '\n';
    text += json::serialize(counted[3]) + '\n';
    for (const auto path : {ImportPath::Record, ImportPath::Bulk}) {
        TestStore ts;
        quality::CheckCounts counts(ts.catalogue());
        const auto done = import_counting(ts, counts, "corrected.ndjson", text, path);
        ASSERT_TRUE(done.report.committed);
        ASSERT_TRUE(done.report.first_load);
        EXPECT_EQ(done.report.counts.withdrawn, 1);
        EXPECT_GT(expect_the_stores_counts(ts, counts, done.touched), 0) << ingest::path_name(path);
    }
}

// A delivery into a store that holds records is not a first load: its
// counts would be the delivery's alone, so the checks read the store.
TEST_F(CheckCountsSample, ALaterDeliveryIsNotAFirstLoad) {
    TestStore ts;
    quality::CheckCounts first(ts.catalogue()), second(ts.catalogue());
    ASSERT_TRUE(import_counting(ts, first, "sample.ndjson", sample_, ImportPath::Bulk).report.first_load);
    const auto later = import_counting(ts, second, "corrections.ndjson", corrections_, ImportPath::Bulk);
    ASSERT_TRUE(later.report.committed);
    EXPECT_FALSE(later.report.first_load);
}

TEST(CheckCountsCity, AFirstLoadOfADemoCityCountsWhatTheStoreHolds) {
    const std::string city = small_demo_city();
    TestStore ts;
    quality::CheckCounts counts(ts.catalogue());
    const auto done = import_counting(ts, counts, "demo-stad.ndjson", city, ImportPath::Bulk);
    ASSERT_TRUE(done.report.committed);
    ASSERT_TRUE(done.report.first_load);
    EXPECT_GT(expect_the_stores_counts(ts, counts, done.touched), 0);
}

// A term that is not one of the catalogue's Count terms is not known: the
// checks then read it from the store.
TEST(CheckCountsTerms, OnlyTheCataloguesCountTermsAreKnown) {
    const auto& catalogue = shipped_catalogue();
    quality::CheckCounts counts(catalogue);
    catalogue::CheckTerm other;
    other.kind = catalogue::CheckTermKind::Count;
    other.code = "huisbezoek";
    EXPECT_FALSE(counts.count(other, Period::year_of(2023)).has_value()) << "no condition: another term";
    for (const auto& check : catalogue.checks)
        if (check.location_type.empty() && check.left.kind == catalogue::CheckTermKind::Count) {
            EXPECT_EQ(counts.count(check.left, Period::year_of(2023)), std::optional<int64_t>(0));
        }
}

}  // namespace
}  // namespace grip::testing
