// grip migrate: a city's SQLite store moved to another store (PostgreSQL when
// the suite runs with GRIP_TEST_POSTGRES, else a second SQLite file) keeps
// every figure, every version of every record, the accounts and the cases
// with their history; a target that is not empty is refused; a password in
// the target's URL is never printed.

#include <fstream>

#include <fmt/format.h>

#include "storage/location.h"
#include "test_support.h"

namespace grip::testing {
namespace {

class Migrate : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* file : {"sample-2023.ndjson", "sample-2023-correcties.ndjson"})
            ASSERT_EQ(city("import -q " + (shared_dir() / "data" / file).string()).code, 0) << file;
        ASSERT_EQ(city("user add insp --role handhaving --password-stdin", "een lang genoeg wachtwoord\n").code, 0);
        auto opened = city("case open melding_overbewoning S23-ACT-001684 --user insp");
        ASSERT_EQ(opened.code, 0) << opened.err;
        // The report has its outcome already: its case opens closed, and is reopened.
        ASSERT_EQ(city("case step 1 heropenen --input reden='Nieuwe melding' --user insp").code, 0);
        ASSERT_EQ(city("case note 1 --user insp --text 'Eigenaar gebeld'").code, 0);
        std::ofstream(dir_ / "aanleiding.txt") << "Het jaar in het kort.\n";
        ASSERT_EQ(city("report text set aanleiding " + (dir_ / "aanleiding.txt").string() + " --year 2023").code, 0);
    }
    // The city's store: always a SQLite file, as a city has it today.
    GripRun city(const std::string& args, const std::string& input = "") {
        return run_grip(dir_.path(), args, input, (dir_ / "city.db").string());
    }
    GripRun target(const std::string& args) { return run_grip(dir_.path(), args, "", target_); }

    TempDir dir_;
    std::string target_ = store_location(dir_.path(), "target.db");
};

TEST_F(Migrate, MovesTheSampleWithItsCorrectionsFiguresHistoryAccountsAndCases) {
    const auto moved = city("migrate -q --to " + target_);
    ASSERT_EQ(moved.code, 0) << moved.err;
    EXPECT_TRUE(has(moved.out, "every table checked equal")) << moved.out;

    // The same answers from both stores, for every kind of question.
    const std::vector<std::string> questions = {
        "indicators --year 2023 --format json",
        "indicators --period 2023-Q3 --format json",
        "deliveries",
        "user list",
        "case show 1",
        "case list --queue all",
        "report --year 2023 --format md",
        "report text show aanleiding --year 2023",
    };
    for (const auto& q : questions) {
        const auto a = city(q), b = target(q);
        EXPECT_EQ(a.code, 0) << q << ": " << a.err;
        EXPECT_EQ(b.code, 0) << q << ": " << b.err;
        EXPECT_EQ(a.out, b.out) << q;
    }
    // The corrected records keep both versions, in the same order.
    std::ifstream corrections(shared_dir() / "data" / "sample-2023-correcties.ndjson");
    std::string line;
    int checked = 0;
    while (std::getline(corrections, line)) {
        const auto v = boost::json::parse(line).as_object();
        const std::string kind(v.at("kind").as_string()), id(v.at("id").as_string());
        const auto a = city(fmt::format("history {} {}", kind, id)), b = target(fmt::format("history {} {}", kind, id));
        ASSERT_EQ(a.code, 0) << a.err;
        EXPECT_TRUE(has(a.out, "version 2")) << a.out;
        EXPECT_EQ(a.out, b.out) << kind << " " << id;
        ++checked;
    }
    EXPECT_GT(checked, 0);
    // The moved store takes new work: the case goes on where it was.
    const auto step = target("case step 1 afsluiten --input uitkomst=overbewoning_eu --user insp");
    EXPECT_EQ(step.code, 0) << step.err;
}

TEST_F(Migrate, RefusesATargetThatIsNotEmpty) {
    ASSERT_EQ(city("migrate -q --to " + target_).code, 0);
    const auto again = city("migrate -q --to " + target_);
    EXPECT_NE(again.code, 0);
    EXPECT_TRUE(has(again.err, "empty")) << again.err;
    EXPECT_NE(city("migrate -q --to " + (dir_ / "city.db").string()).code, 0);  // not onto itself
}

TEST(StoreLocation, APasswordIsNeverShown) {
    EXPECT_EQ(storage::display_location("postgresql://grip:geheim@db.example:5432/rotterdam"),
              "postgresql://grip:***@db.example:5432/rotterdam");
    EXPECT_FALSE(
        has(storage::display_location("postgresql://db.example/rotterdam?user=grip&password=geheim"), "geheim"));
    EXPECT_EQ(storage::display_location("/var/lib/grip/grip.db"), "/var/lib/grip/grip.db");
    EXPECT_EQ(storage::store_name("postgresql://grip@db.example/rotterdam"), "rotterdam");
    EXPECT_EQ(storage::store_name("postgres://db.example"), "grip");
    EXPECT_TRUE(storage::is_server_url("postgres://db.example/x"));
    EXPECT_FALSE(storage::is_server_url("/tmp/postgresql.db"));
}

}  // namespace
}  // namespace grip::testing
