// The report's texts and comparisons as a reader of the letter meets them:
// the default blocks are letter text (no instructions to the operator), a
// block that must be written each year holds up the approval until it is,
// last year's texts can be taken over, and the previous year is compared
// with only where it was delivered ("geen gegevens", never a 0 from
// nothing). On both backends (GRIP_TEST_POSTGRES).

#include <filesystem>

#include <boost/json.hpp>

#include "report/render.h"
#include "report/report_builder.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

std::string markdown_of(const json::object& model) {
    auto md = report::render_report(model, report::ReportFormat::Markdown,
                                    std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "report");
    EXPECT_TRUE(md) << md.error().message;
    return md ? *md : std::string();
}

json::object report_of(TestStore& t, int year) {
    report::ReportOptions options;
    options.year = year;
    auto model = report::build_report(t.store(), t.catalogue(), options);
    EXPECT_TRUE(model) << model.error().message;
    return model ? *model : json::object();
}

class ReportTexts : public ::testing::Test {
protected:
    void SetUp() override {
        data_ = shared_dir() / "data";
        if (!std::filesystem::exists(data_ / "sample-2023.ndjson"))
            GTEST_SKIP() << "../shared/data is not beside the checkout";
        ASSERT_TRUE(t_.import(data_ / "sample-2023.ndjson").committed);
    }
    std::filesystem::path data_;
    TestStore t_;
};

TEST_F(ReportTexts, TheDefaultBlocksReadAsLetterText) {
    const std::string md = markdown_of(report_of(t_, 2023));
    for (const char* instruction : {"grip report", "`", "tekstblok", "BESTAND"})
        EXPECT_EQ(md.find(instruction), std::string::npos) << instruction;
}

TEST_F(ReportTexts, ABlockToWriteHoldsUpTheApprovalUntilItIsWritten) {
    auto unwritten = report::unwritten_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(unwritten) << unwritten.error().message;
    const auto& to_write = t_.catalogue().report.text_blocks_to_write;
    ASSERT_FALSE(to_write.empty());
    for (const auto& block : to_write)
        EXPECT_NE(std::find(unwritten->begin(), unwritten->end(), block), unwritten->end()) << block;
    // Blank text is not written text.
    ASSERT_TRUE(t_.store().set_report_text(2023, to_write.front(), "  \n"));
    unwritten = report::unwritten_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(unwritten);
    EXPECT_NE(std::find(unwritten->begin(), unwritten->end(), to_write.front()), unwritten->end());
    ASSERT_TRUE(t_.store().set_report_text(2023, to_write.front(), "Geen."));
    unwritten = report::unwritten_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(unwritten);
    EXPECT_EQ(std::find(unwritten->begin(), unwritten->end(), to_write.front()), unwritten->end());
    // Every block still listed is one the report has.
    const auto blocks = report::report_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(blocks);
    for (const auto& b : *unwritten) EXPECT_NE(std::find(blocks->begin(), blocks->end(), b), blocks->end()) << b;
}

TEST_F(ReportTexts, AMotionWithoutAResponseMustBeWritten) {
    // A motion adopted in the year without a response of its own.
    ASSERT_TRUE(t_.import_text("motie.ndjson",
                               R"({"kind": "motion", "id": "M-TEST-1", "type": "motie", "title": "Testmotie", )"
                               R"("adopted": "2023-03-01", "status": "open"})"
                               "\n")
                    .committed);
    auto unwritten = report::unwritten_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(unwritten) << unwritten.error().message;
    EXPECT_NE(std::find(unwritten->begin(), unwritten->end(), "motie.M-TEST-1"), unwritten->end());
    ASSERT_TRUE(t_.store().set_report_text(2023, "motie.M-TEST-1", "De motie is uitgevoerd."));
    unwritten = report::unwritten_text_blocks(t_.store(), t_.catalogue(), 2023);
    ASSERT_TRUE(unwritten);
    EXPECT_EQ(std::find(unwritten->begin(), unwritten->end(), "motie.M-TEST-1"), unwritten->end());
}

TEST_F(ReportTexts, LastYearsTextsAreTakenOverWithoutReplacingThisYearsOwn) {
    ASSERT_TRUE(t_.store().set_report_text(2023, "financieel", "Financieel 2023."));
    ASSERT_TRUE(t_.store().set_report_text(2023, "toelichting", "Toelichting 2023."));
    ASSERT_TRUE(t_.store().set_report_text(2023, "motie.GEEN", "Een motie die 2024 niet heeft."));
    ASSERT_TRUE(t_.store().set_report_text(2024, "toelichting", "Toelichting 2024."));
    auto copy = report::copy_text_blocks(t_.store(), t_.catalogue(), 2023, 2024);
    ASSERT_TRUE(copy) << copy.error().message;
    EXPECT_EQ(copy->copied, std::vector<std::string>{"financieel"});
    EXPECT_EQ(copy->kept, std::vector<std::string>{"toelichting"});
    auto texts = t_.store().report_texts(2024);
    ASSERT_TRUE(texts);
    std::map<std::string, std::string> by_block;
    for (const auto& x : *texts) by_block[x.block] = x.text;
    EXPECT_EQ(by_block["financieel"], "Financieel 2023.");
    EXPECT_EQ(by_block["toelichting"], "Toelichting 2024.");
    EXPECT_FALSE(by_block.count("motie.GEEN"));
}

// The sample reaches into 2022; the year before that holds one record of one
// type only: that type's figures are compared with it, every other figure
// says "geen gegevens" and no sentence compares with a year nobody delivered
// for (before, the one record made every figure of 2021 a zero).
TEST_F(ReportTexts, ThePreviousYearIsComparedOnlyWhereItWasDelivered) {
    std::string delivered_type;
    for (const auto& d : t_.catalogue().indicators)
        if (d.code == "handhaving.meldingen_overbewoning") delivered_type = d.activity_type;
    ASSERT_FALSE(delivered_type.empty());
    ASSERT_TRUE(
        t_.import_text("2021.ndjson", R"({"kind": "activity", "id": "T21-ACT-1", "type": ")" + delivered_type +
                                          R"(", "date": "2021-05-04", "address": "S23-ADD-000001", )"
                                          R"("attributes": {"uitkomst": "geen_overbewoning", "bron": "buurtbewoner"}})"
                                          "\n")
            .committed);
    const auto model = report_of(t_, 2022);
    int compared = 0, without = 0;
    for (const auto& v : model.at("indicators").as_array()) {
        const auto& ind = v.as_object();
        const std::string code(ind.at("code").as_string());
        const auto* def = [&]() -> const catalogue::IndicatorDef* {
            for (const auto& d : t_.catalogue().indicators)
                if (d.code == code) return &d;
            return nullptr;
        }();
        ASSERT_NE(def, nullptr);
        const bool on_locations =
            def->measure == catalogue::Measure::Capacity || def->measure == catalogue::Measure::OpenLocations;
        if (def->activity_type == delivered_type || on_locations) {
            EXPECT_FALSE(ind.at("previous").is_null()) << code;
            ++compared;
        } else {
            EXPECT_TRUE(ind.at("previous").is_null()) << code;
            ++without;
        }
    }
    EXPECT_GT(compared, 0);
    EXPECT_GT(without, 0);
    const std::string md = markdown_of(model);
    EXPECT_NE(md.find("geen gegevens"), std::string::npos);
    EXPECT_EQ(md.find("(2021: 0)"), std::string::npos);
    // The type that was delivered is compared: "(2021: 1)" for the reports.
    EXPECT_NE(md.find("(2021: 1)"), std::string::npos);
}

}  // namespace
}  // namespace grip::testing
