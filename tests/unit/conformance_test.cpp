// The conformance test against the shared synthetic delivery: importing the
// 2023 sample and then its corrections gives exactly the expected figures,
// and importing either file again changes nothing. Runs when ../shared is
// beside the checkout (it is in CI) and is skipped otherwise.

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

class SharedSample : public ::testing::Test {
protected:
    void SetUp() override {
        data_ = shared_dir() / "data";
        if (!std::filesystem::exists(data_ / "sample-2023.ndjson"))
            GTEST_SKIP() << "../shared/data is not beside the checkout";
        std::ifstream in(data_ / "sample-2023.expected.json");
        std::stringstream ss;
        ss << in.rdbuf();
        expected_ = json::parse(ss.str()).as_object();
    }

    std::filesystem::path data_;
    json::object expected_;
};

TEST_F(SharedSample, ImportThenCorrectionsGivesEveryExpectedFigure) {
    TestStore t;
    auto first = t.import(data_ / "sample-2023.ndjson");
    ASSERT_TRUE(first.committed) << (first.errors.empty() ? "" : first.errors.front().text());
    EXPECT_EQ(first.counts.rejected, 0);
    auto second = t.import(data_ / "sample-2023-correcties.ndjson");
    ASSERT_TRUE(second.committed);
    EXPECT_EQ(second.counts.withdrawn, 1);

    const int year = static_cast<int>(expected_.at("year").as_int64());
    const auto set = t.indicators(std::to_string(year));
    const auto& figures = expected_.at("indicators").as_object();
    ASSERT_FALSE(figures.empty());
    for (const auto& [code, value] : figures) {
        const auto* f = set.find(code);
        ASSERT_NE(f, nullptr) << "no indicator " << std::string_view(code);
        EXPECT_EQ(f->number(), value.to_number<int64_t>()) << std::string_view(code);
    }

    // The topics on top of the distribution.
    const auto* topics = set.find("info.bezoek_onderwerpen");
    ASSERT_NE(topics, nullptr);
    const auto& top = expected_.at("top_topics").as_array();
    ASSERT_GE(topics->value.as_array().size(), top.size());
    for (size_t i = 0; i < top.size(); ++i)
        EXPECT_EQ(topics->value.as_array()[i].as_array()[0], top[i]) << "topic " << i;
}

TEST_F(SharedSample, ReportProposesExactlyTheExpectedMotionsForDisposal) {
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    ASSERT_TRUE(t.import(data_ / "sample-2023-correcties.ndjson").committed);
    auto motions = t.store().all_current(records::Kind::Motion);
    ASSERT_TRUE(motions);
    std::vector<std::string> proposed;
    for (const auto& m : *motions)
        if (m.record.text("status") == "afdoening_voorgesteld") proposed.push_back(m.record.id);
    std::vector<std::string> expected;
    for (const auto& id : expected_.at("afdoening_voorgesteld").as_array()) expected.emplace_back(id.as_string());
    EXPECT_EQ(proposed, expected);
}

TEST_F(SharedSample, ImportingEitherFileTwiceChangesNothing) {
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    const auto after_first = t.snapshot();
    auto again = t.import(data_ / "sample-2023.ndjson");
    EXPECT_TRUE(again.already_imported.has_value());
    EXPECT_EQ(t.snapshot(), after_first);

    ASSERT_TRUE(t.import(data_ / "sample-2023-correcties.ndjson").committed);
    const auto after_corrections = t.snapshot();
    EXPECT_NE(after_corrections, after_first);
    t.import(data_ / "sample-2023-correcties.ndjson");
    EXPECT_EQ(t.snapshot(), after_corrections);
}

TEST_F(SharedSample, TheSameRecordsUnderAnotherFileNameAreUnchanged) {
    // Not the same file (a copy with the lines in another order), so every
    // record is compared with what is stored: none is stored again.
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    const auto before = t.snapshot();
    std::ifstream in(data_ / "sample-2023.ndjson");
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::string copy;
    // Areas first (they refer to each other in order), then the rest reversed:
    // forward references within the delivery are allowed.
    for (const auto& l : lines) if (l.find("\"kind\": \"area\"") != std::string::npos) copy += l + "\n";
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->find("\"kind\": \"area\"") == std::string::npos) copy += *it + "\n";
    auto report = t.import_text("reordered.ndjson", copy);
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors.front().text());
    EXPECT_EQ(report.counts.unchanged, report.counts.read);
    EXPECT_EQ(report.counts.stored + report.counts.replaced, 0);
    EXPECT_EQ(t.snapshot(), before);
}

}  // namespace
}  // namespace grip::testing
