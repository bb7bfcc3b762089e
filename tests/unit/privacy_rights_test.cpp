// A person's rights: the access request (everything Grip holds about one
// person, and nothing about anybody else) and retention (personal data past
// its period gone from the store's own tables, the figures unchanged).

#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "records/record.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::filesystem::path sample_file() { return shared_dir() / "data" / "sample-2023.ndjson"; }

std::vector<json::object> sample_records() {
    std::vector<json::object> out;
    for (const auto& line : read_lines(sample_file())) out.push_back(json::parse(line).as_object());
    return out;
}

std::string text(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::set<std::string> ids_of(const json::value& list) {
    std::set<std::string> out;
    for (const auto& item : list.as_array()) out.insert(std::string(item.at("id").as_string()));
    return out;
}

// A BSN that two records of the sample share (two sources of one person).
std::string shared_bsn() {
    std::map<std::string, int> seen;
    for (const auto& r : sample_records())
        if (text(r, "kind") == "person" && !text(r, "bsn").empty()) ++seen[text(r, "bsn")];
    for (const auto& [bsn, n] : seen)
        if (n == 2) return bsn;
    return {};
}

TEST(AccessRequest, TheExportHoldsExactlyThePersonsRecordsAndLogEntries) {
    TempDir dir;
    ASSERT_EQ(run_grip(dir.path(), "import -q " + sample_file().string()).code, 0);
    const std::string bsn = shared_bsn();
    ASSERT_FALSE(bsn.empty());

    // What the sample holds of the person, worked out from the file itself.
    std::set<std::string> persons, activities, addresses;
    for (const auto& r : sample_records())
        if (text(r, "kind") == "person" && text(r, "bsn") == bsn) persons.insert(text(r, "id"));
    for (const auto& r : sample_records())
        if (text(r, "kind") == "activity" && persons.count(text(r, "person"))) {
            activities.insert(text(r, "id"));
            if (!text(r, "address").empty()) addresses.insert(text(r, "address"));
        }
    ASSERT_EQ(persons.size(), 2u);
    ASSERT_FALSE(activities.empty());
    // Somebody else's read, which the export must not show.
    std::string other;
    for (const auto& r : sample_records())
        if (text(r, "kind") == "person" && text(r, "bsn") != bsn && !text(r, "bsn").empty()) {
            other = text(r, "id");
            break;
        }
    ASSERT_EQ(run_grip(dir.path(), "history person " + other).code, 0);
    ASSERT_EQ(run_grip(dir.path(), "history person " + *persons.begin()).code, 0);

    auto exported = run_grip(dir.path(), "access-request --format json", bsn + "\n");
    ASSERT_EQ(exported.code, 0) << exported.err;
    EXPECT_EQ(exported.err.find(bsn), std::string::npos);
    const auto model = json::parse(exported.out).as_object();
    EXPECT_TRUE(model.at("found").as_bool());
    EXPECT_EQ(ids_of(model.at("persons")), persons);
    EXPECT_EQ(ids_of(model.at("activities")), activities);
    EXPECT_EQ(ids_of(model.at("addresses")), addresses);
    for (const auto& p : model.at("persons").as_array())
        EXPECT_EQ(p.at("fields").at("bsn").as_string(), bsn) << "the personal fields are opened for the person";
    // The log's entries: the import of each record and the one read, and only those.
    std::set<std::string> logged;
    size_t reads = 0;
    for (const auto& e : model.at("processing_log").as_array()) {
        const std::string record(e.at("record").as_string());
        logged.insert(record);
        if (e.at("action").as_string() == "read") ++reads;
        EXPECT_NE(record, "person/" + other);
    }
    std::set<std::string> expected;
    for (const auto& p : persons) expected.insert("person/" + p);
    for (const auto& a : activities) expected.insert("activity/" + a);
    EXPECT_EQ(logged, expected);
    EXPECT_EQ(reads, 1u);

    // The export is itself in the log, with the person's pseudonym.
    const auto log = privacy::read_log(default_log_file(dir.path()), {});
    ASSERT_TRUE(log);
    EXPECT_EQ(log->back().action, privacy::LogAction::Export);
    EXPECT_EQ(log->back().processing_activity, "inzageverzoek");
    EXPECT_EQ(log->back().subject, model.at("subject").as_string());

    // As a document for the person, written privately.
    auto html = run_grip(dir.path(), "access-request --format html -o " + (dir / "inzage.html").string(), bsn + "\n");
    ASSERT_EQ(html.code, 0) << html.err;
    const auto document = read_file(dir / "inzage.html");
    EXPECT_NE(document.find("Inzage in uw gegevens"), std::string::npos);
    EXPECT_NE(document.find(bsn), std::string::npos);
    EXPECT_EQ(std::filesystem::status(dir / "inzage.html").permissions() & std::filesystem::perms::others_read,
              std::filesystem::perms::none);

    // A BSN Grip does not hold; a bad BSN.
    auto nobody = run_grip(dir.path(), "access-request", "123456782\n");
    ASSERT_EQ(nobody.code, 0);
    EXPECT_FALSE(json::parse(nobody.out).at("found").as_bool());
    EXPECT_NE(run_grip(dir.path(), "access-request", "123456789\n").code, 0);
}

std::string in_ten_years() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day day{now};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()) + 10, static_cast<unsigned>(day.month()),
                       std::min(28u, static_cast<unsigned>(day.day())));
}

std::vector<std::map<std::string, storage::Cell>> rows_of(storage::Store& store, const std::string& table);
int64_t sealed_values(storage::Store& store);

class AccessRequestApi : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

TEST_F(AccessRequestApi, ThePrivacyOfficerExportsAPersonAndNobodyElseMay) {
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/records/person/PER-1").status, 200);
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/records/person/PER-2").status, 200);
    auto exported = server.as("fg", "POST", "/api/v1/access-requests", R"({"bsn": "111111110"})");
    ASSERT_EQ(exported.status, 200) << exported.body;
    const auto model = parse_body(exported).as_object();
    EXPECT_TRUE(model.at("found").as_bool());
    std::set<std::string> persons = ids_of(model.at("persons"));
    EXPECT_TRUE(persons.count("PER-1"));
    EXPECT_FALSE(persons.count("PER-2"));
    EXPECT_EQ(exported.body.find("Popescu"), std::string::npos) << "another person's name";
    EXPECT_NE(exported.body.find("Kowalska"), std::string::npos);
    const auto& entries = model.at("processing_log").as_array();
    ASSERT_EQ(entries.size(), 1u) << exported.body;
    EXPECT_EQ(entries[0].at("record").as_string(), "person/PER-1");

    auto html = server.as("fg", "POST", "/api/v1/access-requests?format=html", R"({"bsn": "111111110"})");
    ASSERT_EQ(html.status, 200);
    EXPECT_NE(html.header("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(html.body.find("Kowalska"), std::string::npos);

    for (const char* user : {"balie", "inspecteur", "adviseur", "beheerder", "opvang"})
        EXPECT_EQ(server.as(user, "POST", "/api/v1/access-requests", R"({"bsn": "111111110"})").status, 403) << user;
    EXPECT_EQ(server.as("fg", "POST", "/api/v1/access-requests", R"({"bsn": "111111111"})").status, 400);
    // Another municipality's privacy officer finds nothing of this one's.
    auto there = server.as("dh-fg", "POST", "/api/v1/access-requests", R"({"bsn": "111111110"})");
    ASSERT_EQ(there.status, 200);
    EXPECT_FALSE(parse_body(there).at("found").as_bool());
}

// Rows of a table of the store, by column name.
std::vector<std::map<std::string, storage::Cell>> rows_of(storage::Store& store, const std::string& table) {
    std::vector<std::map<std::string, storage::Cell>> out;
    const auto columns = store.columns(table);
    EXPECT_TRUE(columns);
    if (!columns) return out;
    auto read = store.read_rows(table, *columns, [&](const storage::Row& row) -> Status {
        std::map<std::string, storage::Cell> r;
        for (size_t i = 0; i < row.size(); ++i) r[(*columns)[i]] = row[i];
        out.push_back(std::move(r));
        return ok_status();
    });
    EXPECT_TRUE(read) << read.error().message;
    return out;
}

int64_t sealed_values(storage::Store& store) {
    int64_t n = 0;
    for (const char* table : {"rec_person", "rec_address", "rec_activity", "history"})
        for (const auto& r : rows_of(store, table))
            if (r.at("sealed").type != storage::Cell::Type::Null) ++n;
    return n;
}

TEST(Retention, PersonalDataPastItsPeriodGoesAndTheFiguresStay) {
    TempDir dir;
    ASSERT_EQ(run_grip(dir.path(), "import -q " + sample_file().string()).code, 0);
    ASSERT_EQ(
        run_grip(dir.path(), "import -q " + (shared_dir() / "data" / "sample-2023-correcties.ndjson").string()).code,
        0);
    std::map<std::string, std::string> figures;
    const std::vector<std::string> queries = {"--year 2023",
                                              "--period 2023-Q1",
                                              "--period 2023-Q4",
                                              "--year 2023 --area priority",
                                              "--year 2023 --area rest",
                                              "--period 2023-07 --area BU05991571"};
    for (const auto& q : queries) {
        auto run = run_grip(dir.path(), "indicators --format json " + q);
        ASSERT_EQ(run.code, 0) << run.err;
        figures[q] = run.out;
    }

    // Today nothing is past its period: everything was delivered today.
    auto today = run_grip(dir.path(), "retention run --dry-run --format json");
    ASSERT_EQ(today.code, 0) << today.err;
    EXPECT_EQ(json::parse(today.out).at("kinds").at("person").at("expired").as_int64(), 0);

    // Ten years ahead every person and address is.
    const std::string later = in_ten_years();
    auto dry = run_grip(dir.path(), "retention run --dry-run --format json --as-of " + later);
    ASSERT_EQ(dry.code, 0) << dry.err;
    const auto plan = json::parse(dry.out).as_object();
    int64_t sealed_persons = 0, addresses = 0;
    std::vector<std::string> bsns;
    for (const auto& r : sample_records()) {
        if (text(r, "kind") == "person" &&
            (!text(r, "bsn").empty() || !text(r, "given_name").empty() || !text(r, "family_name").empty()))
            ++sealed_persons;
        if (text(r, "kind") == "address") ++addresses;
        if (!text(r, "bsn").empty()) bsns.push_back(text(r, "bsn"));
    }
    EXPECT_EQ(plan.at("kinds").at("person").at("expired").as_int64(), sealed_persons);
    EXPECT_EQ(plan.at("kinds").at("address").at("expired").as_int64(), addresses);
    EXPECT_GT(plan.at("subjects_unlinked").as_int64(), 0);

    const std::string location = store_location(dir.path());
    auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(keys);
    {
        auto store = storage::open_store(location, "GM0599");
        ASSERT_TRUE(store);
        EXPECT_GT(sealed_values(**store), 0) << "a dry run changes nothing";
    }

    auto run = run_grip(dir.path(), "retention run -q --as-of " + later);
    ASSERT_EQ(run.code, 0) << run.err;
    {
        auto store = storage::open_store(location, "GM0599");
        ASSERT_TRUE(store);
        EXPECT_EQ(sealed_values(**store), 0) << "no sealed field left, in current versions or history";
        for (const auto& bsn : bsns) {
            auto found = (*store)->find_subject(keys->pseudonym("bsn", bsn));
            ASSERT_TRUE(found);
            EXPECT_FALSE(*found) << "a BSN still leads to its subject";
        }
    }
    for (const auto& q : queries) {
        auto after = run_grip(dir.path(), "indicators --format json " + q);
        ASSERT_EQ(after.code, 0);
        EXPECT_EQ(after.out, figures[q]) << "the figures of " << q << " changed";
    }
    auto check = run_grip(dir.path(), "check");
    EXPECT_EQ(check.code, 0) << check.out << check.err;

    // Every removal is in the processing log, as ids and pseudonyms only.
    const auto log = privacy::read_log(default_log_file(dir.path()), {});
    ASSERT_TRUE(log);
    int64_t erased = 0;
    for (const auto& e : *log)
        if (e.action == privacy::LogAction::Erase) {
            ++erased;
            EXPECT_EQ(e.processing_activity, "bewaartermijn");
        }
    EXPECT_EQ(erased, sealed_persons + addresses);
    // Nothing is left to find by the person's BSN.
    auto access = run_grip(dir.path(), "access-request", shared_bsn() + "\n");
    ASSERT_EQ(access.code, 0);
    EXPECT_FALSE(json::parse(access.out).at("found").as_bool());
    // A second run finds nothing more.
    auto again = run_grip(dir.path(), "retention run --dry-run --format json --as-of " + later);
    EXPECT_EQ(json::parse(again.out).at("kinds").at("person").at("expired").as_int64(), 0);
}

TEST(Retention, AClosedCasesTextsGoAfterItsPeriodAndItsStepsStay) {
    TempDir dir;
    auto grip = [&](const std::string& args, const std::string& input = "") {
        return run_grip(dir.path(), args, input);
    };
    write_file(dir / "melding.ndjson",
               R"({"kind": "activity", "id": "MEL-C", "type": "melding_overbewoning", "date": "2023-10-02", )"
               R"("address": "ADR-1", "organisation": "ORG-HH"})"
               "\n");
    ASSERT_EQ(grip("import -q " + (test_data() / "api" / "base.ndjson").string()).code, 0);
    ASSERT_EQ(grip("import -q " + (dir / "melding.ndjson").string()).code, 0);
    ASSERT_EQ(grip("user add insp --role handhaving --organisation ORG-HH --password-stdin",
                   "een lang genoeg wachtwoord\n")
                  .code,
              0);
    ASSERT_EQ(grip("case open melding_overbewoning MEL-C --user insp").code, 0);
    ASSERT_EQ(grip("case step 1 triage --user insp").code, 0);
    const std::string note = "Buurman telt veertien bewoners";
    ASSERT_EQ(grip("case note 1 --user insp --text '" + note + "'").code, 0);
    ASSERT_EQ(grip("case step 1 afsluiten --user insp --input uitkomst=geen_overbewoning").code, 0);
    ASSERT_NE(grip("case show 1").out.find(note), std::string::npos);

    const std::string later = in_ten_years();
    auto dry = grip("retention run --dry-run --format json --as-of " + later);
    ASSERT_EQ(dry.code, 0) << dry.err;
    EXPECT_EQ(json::parse(dry.out).at("kinds").at("case").at("expired").as_int64(), 1);
    auto run = grip("retention run -q --as-of " + later);
    ASSERT_EQ(run.code, 0) << run.err;
    auto shown = grip("case show 1");
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_EQ(shown.out.find(note), std::string::npos) << shown.out;
    EXPECT_EQ(shown.out.find("geen_overbewoning"), std::string::npos) << "the inputs' values go too";
    EXPECT_NE(shown.out.find("afsluiten"), std::string::npos) << "the steps stay: " << shown.out;
    auto again = grip("retention run --dry-run --format json --as-of " + later);
    EXPECT_EQ(json::parse(again.out).at("kinds").at("case").at("expired").as_int64(), 0);
    auto check = grip("check");
    EXPECT_EQ(check.code, 0) << check.out << check.err;
}

TEST_F(AccessRequestApi, TheServerRemovesWhatIsPastItsPeriod) {
    // A registration withdrawn with a reason (sealed: it may name a person)
    // loses the reason too once its type's period has passed.
    ASSERT_EQ(server
                  .as("balie", "POST", "/api/v1/records/activity",
                      R"({"id": "A-RET", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                            "location": "LOC-ZUID", "organisation": "ORG-INFO"})")
                  .status,
              201);
    ASSERT_EQ(
        server.as("balie", "DELETE", "/api/v1/records/activity/A-RET", R"({"reason": "Dubbel geregistreerd"})").status,
        204);
    {
        auto store = storage::open_store(server.db(), "GM0599");
        ASSERT_TRUE(store);
        ASSERT_GT(sealed_values(**store), 0);
    }
    auto nothing = server.api().run_retention();
    ASSERT_TRUE(nothing) << nothing.error().message;
    EXPECT_EQ(*nothing, 0) << "nothing is past its period yet";
    server.clock().set(2'208'988'800);  // 2040-01-01
    auto removed = server.api().run_retention();
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_GT(*removed, 0);
    auto store = storage::open_store(server.db(), "GM0599");
    ASSERT_TRUE(store);
    EXPECT_EQ(sealed_values(**store), 0) << "no sealed value left, the withdrawal's reason included";
    ASSERT_TRUE(server.api().flush());
    const auto log = privacy::read_log(server.log_file(), {});
    ASSERT_TRUE(log);
    int64_t erased = 0;
    for (const auto& e : *log)
        if (e.action == privacy::LogAction::Erase) {
            ++erased;
            EXPECT_EQ(e.actor, "system:retention");
        }
    EXPECT_EQ(erased, *removed);
}

}  // namespace
}  // namespace grip::testing
