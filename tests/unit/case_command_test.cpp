// grip case, grip motion and grip covenant as a user of the store runs them:
// the workflow's rules hold on the command line as in the API (the role of
// --user decides), refusals name their reasons, and the history is shown.

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "test_support.h"

namespace grip::testing {
namespace {

class CaseCommand : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(dir_ / "melding.ndjson")
            << R"({"kind": "activity", "id": "MEL-C", "type": "melding_overbewoning", "date": "2023-10-02", "address": "ADR-1", "organisation": "ORG-HH"})"
            << "\n";
        ASSERT_EQ(grip("import " + (test_data() / "api" / "base.ndjson").string()).code, 0);
        ASSERT_EQ(grip("import " + (dir_ / "melding.ndjson").string()).code, 0);
        for (const char* user : {"insp --role handhaving --organisation ORG-HH", "beleid1 --role beleid"})
            ASSERT_EQ(grip(fmt::format("user add {} --password-stdin", user), "een lang genoeg wachtwoord\n").code, 0);
    }
    GripRun grip(const std::string& args, const std::string& input = "") { return run_grip(dir_.path(), args, input); }
    TempDir dir_;
};

TEST_F(CaseCommand, AReportOfOvercrowdingThroughItsSteps) {
    auto opened = grip("case open melding_overbewoning MEL-C --user insp");
    ASSERT_EQ(opened.code, 0) << opened.err;
    EXPECT_TRUE(has(opened.out, "ontvangen")) << opened.out;
    EXPECT_NE(grip("case open melding_overbewoning MEL-C --user insp").code, 0);  // one case per report

    auto wrong_role = grip("case step 1 triage --user beleid1");
    EXPECT_NE(wrong_role.code, 0);
    EXPECT_TRUE(has(wrong_role.err, "role")) << wrong_role.err;
    EXPECT_EQ(grip("case step 1 triage --user insp").code, 0);
    auto no_outcome = grip("case step 1 afsluiten --user insp");
    EXPECT_NE(no_outcome.code, 0);
    EXPECT_TRUE(has(no_outcome.err, "uitkomst: Uitkomst is required")) << no_outcome.err;
    EXPECT_NE(grip("case step 1 afsluiten --user nobody --input uitkomst=geen_overbewoning").code, 0);
    auto closed = grip("case step 1 afsluiten --user insp --input uitkomst=geen_overbewoning");
    ASSERT_EQ(closed.code, 0) << closed.err;
    EXPECT_TRUE(has(closed.out, "afgesloten"));
    EXPECT_EQ(grip("case note 1 --user insp --text 'Melder geïnformeerd'").code, 0);

    auto show = grip("case show 1");
    ASSERT_EQ(show.code, 0);
    for (const char* step : {"open", "triage", "afsluiten", "note", "geen_overbewoning"})
        EXPECT_TRUE(has(show.out, step)) << step;
    EXPECT_TRUE(has(grip("case list --queue all").out, "MEL-C"));
    EXPECT_FALSE(has(grip("case list").out, "MEL-C"));  // closed: not in the open queue
    EXPECT_TRUE(has(grip("case types").out, "step heropenen"));
}

TEST_F(CaseCommand, MotionsAndTheCovenant) {
    auto added = grip(
        "motion add 24bb000001 --type motie --title 'Meer handhaving' --adopted 2024-02-01 "
        "--party Partij --expected 2024-12-31 --user beleid1");
    ASSERT_EQ(added.code, 0) << added.err;
    EXPECT_NE(grip("motion add 24bb000002 --title x --adopted 2024-02-01 --user insp").code, 0);
    ASSERT_EQ(grip("motion step 24bb000001 afdoening_voorstellen --input datum=2025-01-10 --input 'tekst=Gedaan.' "
                   "--user beleid1")
                  .code,
              0);
    EXPECT_NE(
        grip("motion step 24bb000001 afdoening_voorstellen --input datum=2025-01-11 --input tekst=x --user beleid1")
            .code,
        0);
    auto list = grip("motion list");
    EXPECT_TRUE(has(list.out, "24bb000001\tmotie\tafdoening_voorgesteld")) << list.out;
    // MOT-1 of the test data has no case yet: its state comes from its record.
    EXPECT_TRUE(has(list.out, "MOT-1\tmotie\topen")) << list.out;

    // The register goes out as motion records of the exchange format, and
    // comes in again unchanged.
    const auto file = (dir_ / "moties.ndjson").string();
    ASSERT_EQ(grip("motion export -o " + file).code, 0);
    std::ifstream exported(file);
    std::stringstream text;
    text << exported.rdbuf();
    EXPECT_TRUE(has(text.str(), R"("kind":"motion","id":"24bb000001")")) << text.str();
    EXPECT_TRUE(has(text.str(), R"("progress":[)") || has(text.str(), R"("response":"Gedaan.")")) << text.str();
    TempDir other;
    ASSERT_EQ(run_grip(other.path(), "import " + file).code, 0);
    EXPECT_EQ(run_grip(other.path(), "motion export").out, grip("motion export").out);

    ASSERT_EQ(grip("case open misstand ORG-KP --user beleid1 --input 'omschrijving=Te lage lonen'").code, 0);
    for (const char* step : {"onderzoeken", "bewezen --input datum=2024-03-01 --input toelichting=NLA"})
        ASSERT_EQ(grip(fmt::format("case step 2 {} --user beleid1", step)).code, 0) << step;
    auto refused = grip("covenant join ORG-KP --since 2024-04-01 --user beleid1");
    EXPECT_NE(refused.code, 0);
    EXPECT_TRUE(has(refused.err, "proven abuse")) << refused.err;
    EXPECT_EQ(grip("covenant join ORG-INFO --since 2024-04-01 --user beleid1").code, 0);
    auto partners = grip("covenant list");
    EXPECT_TRUE(has(partners.out, "ORG-INFO")) << partners.out;
    EXPECT_TRUE(has(partners.out, "bewezen")) << partners.out;
}

}  // namespace
}  // namespace grip::testing
