// Several municipalities in one store: the same delivery in two
// municipalities gives each its own records, history and figures; a
// correction in one leaves the other alone; a store made before
// municipalities belongs to the home municipality. On both backends (the
// upgrade test on SQLite, whose old schema it writes by hand).

#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_schema.h"
#include "storage/sqlite/sqlite_store.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::filesystem::path sample() { return shared_dir() / "data" / "sample-2023.ndjson"; }
std::filesystem::path corrections() { return shared_dir() / "data" / "sample-2023-correcties.ndjson"; }

// The indicators of a year without the area they are of.
json::value figures(TestStore& t) { return t.indicators("2023").to_json().at("indicators"); }

std::string first_corrected_activity() {
    std::ifstream in(corrections());
    std::string line;
    std::getline(in, line);
    return std::string(json::parse(line).at("id").as_string());
}

TEST(Municipalities, TheSameDeliveryInTwoMunicipalitiesKeepsEachItsOwn) {
    TestStore t;
    const auto first = t.import(sample());
    ASSERT_TRUE(first.committed);
    const auto rotterdam = figures(t);
    const auto rotterdam_count = t.store().count_current(records::Kind::Activity);
    ASSERT_TRUE(rotterdam_count.ok());

    ASSERT_TRUE(t.store().set_municipality("GM0518").ok());
    EXPECT_EQ(*t.store().count_current(records::Kind::Activity), 0);
    EXPECT_EQ(t.indicators("2023").area_code, "GM0518");
    EXPECT_EQ(t.value("2023", "handhaving.meldingen_overbewoning"), 0);
    // The same file again, now for GM0518: not "already imported", the same ids stored again.
    const auto again = t.import(sample());
    ASSERT_TRUE(again.committed);
    EXPECT_EQ(again.counts.stored, first.counts.stored);
    EXPECT_EQ(again.counts.unchanged, 0);
    EXPECT_EQ(*t.store().count_current(records::Kind::Activity), *rotterdam_count);
    EXPECT_EQ(figures(t), rotterdam);

    // A correction in GM0518 changes GM0518's record, history and figures only.
    ASSERT_TRUE(t.import(corrections()).committed);
    const std::string corrected = first_corrected_activity();
    EXPECT_EQ(t.store().history(records::Kind::Activity, corrected)->size(), 2u);
    const auto den_haag = figures(t);
    EXPECT_NE(den_haag, rotterdam);

    ASSERT_TRUE(t.store().set_municipality("GM0599").ok());
    EXPECT_EQ(figures(t), rotterdam);
    EXPECT_EQ(t.store().history(records::Kind::Activity, corrected)->size(), 1u);
    EXPECT_EQ(t.store().deliveries()->size(), 1u);

    // The correction in GM0599 too: the two are equal again.
    ASSERT_TRUE(t.import(corrections()).committed);
    EXPECT_EQ(figures(t), den_haag);
}

TEST(Municipalities, EveryMunicipalityScopeReadsButDoesNotWrite) {
    TestStore t;
    ASSERT_TRUE(t.store().set_municipality(storage::kEveryMunicipality).ok());
    EXPECT_EQ(t.store().start_delivery({"x", "ndjson", "h", 0}).error().code, ErrorCode::Invalid);
    EXPECT_EQ(t.store().set_report_text(2023, "toelichting", "x").error().code, ErrorCode::Invalid);
    EXPECT_FALSE(t.store().set_municipality("Rotterdam").ok());
    EXPECT_FALSE(t.store().set_municipality("GM599").ok());
    EXPECT_TRUE(t.store().set_municipality("GM0599").ok());
}

TEST(Municipalities, AStoreMadeBeforeMunicipalitiesBelongsToTheHomeMunicipality) {
    if (on_postgres()) GTEST_SKIP() << "writes SQLite's schema version 4 by hand (postgres_store_test has its own)";
    TempDir dir;
    const std::string path = (dir / "old.db").string();
    {
        // Schema version 4, as Grip before municipalities made it, with a
        // delivery, a person, a figure, a user, a case and its history.
        auto old = storage::sqlite::SqliteStore::open(path, "GM0599", 4);
        ASSERT_TRUE(old.ok()) << old.error().message;
        old->reset();
        auto db = storage::sqlite::Database::open(path);
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE((*db)
                        ->exec(R"sql(
INSERT INTO delivery(id, source, format, content_hash, started_at, status) VALUES(1, 'old.ndjson', 'ndjson', 'abc', '2024-01-01T00:00:00Z', 'committed');
INSERT INTO rec_person(id, seq, delivery, withdrawn, hash, recorded_at, nationality) VALUES('P-1', 2, 1, 0, x'00', '2024-01-01T00:00:00Z', 'PL');
INSERT INTO history(kind, id, seq, delivery, withdrawn, hash, body, recorded_at) VALUES('person', 'P-1', 1, 1, 0, x'00', '{"nationality":"RO"}', '2024-01-01T00:00:00Z');
INSERT INTO tally_cell(period, area, tally, value, n) VALUES(1, 0, 0, '', 5);
INSERT INTO user(name, role, password_hash, created_at) VALUES('oud', 'beleid', 'x', 0);
INSERT INTO case_file(type, subject_kind, subject_id, state, opened_on, state_since, version) VALUES('motie', 'motion', 'M-1', 'open', '2024-01-01', '2024-01-01', 1);
INSERT INTO case_event(case_id, seq, at, actor, action, from_state, to_state, data) VALUES(1, 1, '2024-01-01T00:00:00Z', 'oud', 'open', '', 'open', '{}');
)sql")
                        .ok());
    }
    // Opened for every municipality, it cannot tell whose the rows are.
    auto refused = storage::open_store(path, storage::kEveryMunicipality);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("--municipality"), std::string::npos) << refused.error().message;

    auto store = storage::open_store(path, "GM0599");
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto& s = **store;
    EXPECT_EQ(*s.meta("schema_version"), std::to_string(storage::sqlite::schema_version()));
    ASSERT_TRUE(s.current(records::Kind::Person, "P-1")->has_value());
    EXPECT_EQ(s.history(records::Kind::Person, "P-1")->size(), 2u);
    EXPECT_EQ(s.cells({1}, {})->size(), 1u);
    EXPECT_EQ(s.users()->size(), 1u);
    EXPECT_EQ(s.users()->front().municipality, "GM0599");
    ASSERT_TRUE(s.case_by_id(1)->has_value());
    EXPECT_EQ(s.case_events(1)->size(), 1u);
    EXPECT_EQ(s.deliveries()->size(), 1u);
    EXPECT_EQ(*s.municipalities(), std::vector<std::string>{"GM0599"});

    ASSERT_TRUE(s.set_municipality("GM0518").ok());
    EXPECT_FALSE(s.current(records::Kind::Person, "P-1")->has_value());
    EXPECT_TRUE(s.history(records::Kind::Person, "P-1")->empty());
    EXPECT_TRUE(s.cells({1}, {})->empty());
    EXPECT_TRUE(s.users()->empty());
    EXPECT_FALSE(s.case_by_id(1)->has_value());
    EXPECT_TRUE(s.case_events(1)->empty());
    EXPECT_TRUE(s.deliveries()->empty());
    // The case history stays immutable after the upgrade.
    auto db = storage::sqlite::Database::open(path);
    ASSERT_TRUE(db.ok());
    EXPECT_FALSE((*db)->exec("UPDATE case_event SET actor = 'x'").ok());
    auto check = s.integrity_check();
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(*check, "ok");
}

TEST(Municipalities, TheCommandLineWorksForTheMunicipalityItIsGiven) {
    TempDir dir;
    const auto unknown = run_grip(dir.path(), "--municipality GM9999 indicators --period 2023");
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("GM0599 (Rotterdam)"), std::string::npos) << unknown.err;

    ASSERT_EQ(run_grip(dir.path(), "-q import " + sample().string()).code, 0);
    const auto here = run_grip(dir.path(), "indicators --period 2023 --format json");
    const auto there = run_grip(dir.path(), "--municipality GM0518 indicators --period 2023 --format json");
    ASSERT_EQ(here.code, 0) << here.err;
    ASSERT_EQ(there.code, 0) << there.err;
    EXPECT_EQ(json::parse(here.out).at("area"), "GM0599");
    EXPECT_EQ(json::parse(there.out).at("area"), "GM0518");
    EXPECT_EQ(json::parse(there.out).at("indicators").at("handhaving.meldingen_overbewoning").at("value"), 0);
    EXPECT_NE(json::parse(here.out).at("indicators").at("handhaving.meldingen_overbewoning").at("value"), 0);

    // A user added for GM0518 is GM0518's.
    const auto added = run_grip(dir.path(), "--municipality GM0518 user add dh --role beleid --password-stdin",
                                "correct horse battery staple\n");
    ASSERT_EQ(added.code, 0) << added.err;
    EXPECT_EQ(run_grip(dir.path(), "user list").out.find("dh"), std::string::npos);
    EXPECT_NE(run_grip(dir.path(), "--municipality GM0518 user list").out.find("dh"), std::string::npos);
}

}  // namespace
}  // namespace grip::testing
