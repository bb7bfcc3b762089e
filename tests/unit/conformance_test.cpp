// The conformance test against the shared synthetic delivery: importing the
// 2023 sample and then its corrections gives exactly the expected figures,
// and importing either file again changes nothing. Runs when ../shared is
// beside the checkout (it is in CI) and is skipped otherwise.

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "report/render.h"
#include "report/report_builder.h"
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
    for (const auto& l : lines)
        if (l.find("\"kind\": \"area\"") != std::string::npos) copy += l + "\n";
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

namespace grip::testing {
namespace {

std::string all_text(const boost::json::value& v) {
    if (v.is_string()) return std::string(v.get_string()) + "\n";
    std::string out;
    if (v.is_array())
        for (const auto& e : v.get_array()) out += all_text(e);
    if (v.is_object())
        for (const auto& kv : v.get_object())
            if (kv.key() != "indicators") out += all_text(kv.value());
    return out;
}

TEST_F(SharedSample, TheReportReadsLikeTheSeedLetterWithTheSampleFigures) {
    TestStore t;
    ASSERT_TRUE(t.import(data_ / "sample-2023.ndjson").committed);
    ASSERT_TRUE(t.import(data_ / "sample-2023-correcties.ndjson").committed);
    report::ReportOptions options;
    options.year = 2023;
    auto model = report::build_report(t.store(), t.catalogue(), options);
    ASSERT_TRUE(model) << model.error().message;
    const auto& sections = model->at("sections").as_array();
    std::vector<std::string> codes;
    for (const auto& s : sections) codes.emplace_back(s.at("code").as_string());
    EXPECT_EQ(codes, (std::vector<std::string>{"aanleiding", "relatie", "toelichting", "resultaten", "moties",
                                               "afdoening", "financieel"}));
    const std::string text = all_text(*model);
    // Sentences of the seed letter with the sample's figures, numbers up to
    // twenty in words.
    for (const char* sentence : {
             "Er kwamen 312 meldingen van mogelijke overbewoning bij de gemeente binnen",
             "In negentien gevallen is overbewoning van EU-arbeidsmigranten geconstateerd",
             "In 2023 zijn er vijf integrale controles op woningen uitgevoerd. Er zijn 164 huisbezoeken afgelegd "
             "waarbij in 48 woningen misstanden zijn geconstateerd",
             "Bij twaalf controles op bouwplaatsen zijn drie misstanden geconstateerd",
             "bezocht door 634 unieke bezoekers, met name over financiële problematiek en juridische ondersteuning",
             "Er zijn tien bedden beschikbaar voor kortdurend verblijf",
             "Van alle cursisten is 13% afkomstig uit Midden- en Oost-Europa en 9% uit andere Europese landen",
             "De pilot goed opdrachtgeverschap is gestart.",
         })
        EXPECT_NE(text.find(sentence), std::string::npos) << sentence;
    // Only the motions proposed for disposal are in that section.
    const auto& disposal = sections[5].at("items").as_array();
    ASSERT_EQ(disposal.size(), 3u);
    EXPECT_NE(std::string(disposal[0].as_string()).find("(23bb004411)"), std::string::npos);
    // The motions are numbered; the commitment's handling text opens the section.
    const auto& motions = sections[4].at("motions").as_array();
    EXPECT_EQ(motions.size(), 3u);
    EXPECT_NE(json::serialize(sections[4].at("paragraphs")).find("Voortgangsrapportage over 2023"), std::string::npos);
    for (auto format : {report::ReportFormat::Html, report::ReportFormat::Markdown}) {
        auto rendered =
            report::render_report(*model, format, std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "report");
        ASSERT_TRUE(rendered) << rendered.error().message;
        EXPECT_NE(rendered->find("Voorstel voor afdoening"), std::string::npos);
    }
}

TEST_F(SharedSample, CompressedDeliveriesGiveTheSameStore) {
    TestStore plain;
    ASSERT_TRUE(plain.import(data_ / "sample-2023.ndjson").committed);
    for (const char* tool : {"gzip", "zstd -q"}) {
        TempDir dir;
        const auto ext = std::string(tool).starts_with("gzip") ? ".gz" : ".zst";
        const auto file = dir / (std::string("sample-2023.ndjson") + ext);
        const auto cmd = std::string(tool) + " -c " + (data_ / "sample-2023.ndjson").string() + " > " + file.string();
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        TestStore t;
        auto report = t.import(file);
        ASSERT_TRUE(report.committed) << tool;
        EXPECT_EQ(t.snapshot(), plain.snapshot()) << tool;
    }
}

}  // namespace
}  // namespace grip::testing
