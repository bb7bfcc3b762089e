// Need-to-know as an attacker meets it (issue 14, holes 1, 2, 6 and 9): a
// reference never widens what an own-scope user sees, through the records
// API or a delivery; a withdrawn record stays its owner's, and its history
// shows only what the user may see; a withdrawal is logged with its data
// subject; and the pseudonyms shown outside the store differ per
// municipality. The access table (tests/data/api/access.json) has the same
// attacks as every role; these are the sequences it cannot express.

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "ingest/delivery.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"
#include "storage/store.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class NeedToKnow : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    json::object delivered(const std::string& user, const std::string& ndjson) {
        auto started = server.as(user, "POST", "/api/v1/deliveries?file=d.ndjson", ndjson, "application/x-ndjson");
        EXPECT_EQ(started.status, 202) << started.body;
        return server.finished_job(user, started.header("Location"));
    }

    static std::vector<std::string> errors_of(const json::object& job) {
        std::vector<std::string> out;
        for (const auto& e : job.at("errors").as_array()) out.emplace_back(e.at("text").as_string());
        return out;
    }

    // A visit of balie-west (of ORG-WEST, which the data do not hold, at LOC-WEST) to `person`.
    HttpResponse west_visit(const std::string& id, const std::string& person) {
        return server.as("balie-west", "POST", "/api/v1/records/activity",
                         fmt::format(R"({{"id": "{}", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "{}",
                                         "location": "LOC-WEST"}})",
                                     id, person));
    }

    ApiServer server;
};

TEST_F(NeedToKnow, AReferenceToAPersonOutOfScopeReadsAsAMissingOne) {
    // PER-1 is ORG-INFO's (ACT-1 at LOC-ZUID); NOBODY does not exist.
    auto hidden = west_visit("V-1", "PER-1");
    auto missing = west_visit("V-2", "NOBODY");
    ASSERT_EQ(hidden.status, 400) << hidden.body;
    ASSERT_EQ(missing.status, 400) << missing.body;
    EXPECT_EQ(parse_body(hidden).at("invalid_params"), parse_body(missing).at("invalid_params"))
        << "an id cannot be probed: " << hidden.body;
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/person/PER-1").status, 404);
    EXPECT_EQ(server.as("balie-west", "PUT", "/api/v1/records/person/PER-1", R"({"nationality": "RO"})").status, 404);
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/activity/V-1").status, 404) << "nothing was stored";
}

TEST_F(NeedToKnow, APersonFoundByBsnMayBeReferredToForADay) {
    auto found = server.as("balie-west", "POST", "/api/v1/persons/search", R"({"bsn": "111111110"})");
    ASSERT_EQ(found.status, 200) << found.body;
    const auto items = parse_body(found).at("items").as_array();
    ASSERT_EQ(items.size(), 1u) << "whoever has the BSN finds the person, once";
    EXPECT_EQ(items[0].at("id").as_string(), "PER-1");

    auto visit = west_visit("V-1", "PER-1");
    ASSERT_EQ(visit.status, 201) << visit.body;
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/person/PER-1").status, 200);
    // The visit gives need-to-know to the person, not to ORG-INFO's visits.
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/activity/ACT-1").status, 404);

    // A find is good for a day.
    ASSERT_EQ(server.as("inspecteur", "POST", "/api/v1/persons/search", R"({"bsn": "111111183"})").status, 200);
    server.clock().advance(25 * 60 * 60);
    auto late = server.as("inspecteur", "POST", "/api/v1/records/activity",
                          R"({"id": "T-1", "type": "toeleiding_werk", "date": "2023-06-01", "person": "PER-2",
                              "organisation": "ORG-HH"})");
    EXPECT_EQ(late.status, 400) << late.body;
    EXPECT_EQ(server.as("inspecteur", "GET", "/api/v1/records/person/PER-2").status, 404);
}

TEST_F(NeedToKnow, AnAddressFoundByPostcodeAndHouseNumberMayBeReferredTo) {
    const std::string check = R"({"id": "LC-KP", "type": "leegstandscontrole", "date": "2023-06-01", "address": "ADR-1",
                                  "organisation": "ORG-KP"})";
    auto before = server.as("opvang", "POST", "/api/v1/records/activity", check);
    EXPECT_EQ(before.status, 400) << before.body;
    EXPECT_EQ(server.as("opvang", "POST", "/api/v1/addresses/search", R"({"postcode": "3081AB", "house_number": 13})")
                  .body.find("ADR-1"),
              std::string::npos)
        << "another house number finds nothing";
    auto found =
        server.as("opvang", "POST", "/api/v1/addresses/search", R"({"postcode": "3081 ab", "house_number": 12})");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(parse_body(found).at("items").as_array().size(), 1u) << found.body;
    EXPECT_EQ(parse_body(found).at("items").at(0).at("id").as_string(), "ADR-1");
    auto after = server.as("opvang", "POST", "/api/v1/records/activity", check);
    EXPECT_EQ(after.status, 201) << after.body;
    EXPECT_EQ(
        server.as("opvang", "POST", "/api/v1/addresses/search", R"({"postcode": "1234", "house_number": 0})").status,
        400);
    EXPECT_EQ(
        server.as("balie", "POST", "/api/v1/addresses/search", R"({"postcode": "3081 AB", "house_number": 12})").status,
        403)
        << "a role that reads no addresses searches none";
}

TEST_F(NeedToKnow, APersonRegisteredByAUserIsTheirsToReferTo) {
    auto created = server.as("balie-west", "POST", "/api/v1/records/person",
                             R"({"id": "P-WEST", "bsn": "123456782", "nationality": "PL"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/person/P-WEST").status, 200)
        << "the registrar reads it back";
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/person/P-WEST").status, 404) << "no one else does";
    auto other = server.as("balie", "POST", "/api/v1/records/activity",
                           R"({"id": "V-ZUID", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "P-WEST",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    EXPECT_EQ(other.status, 400) << other.body;
    ASSERT_EQ(west_visit("V-WEST", "P-WEST").status, 201);
}

TEST_F(NeedToKnow, APartnersDeliveryRefersOnlyToWhatItMaySeeOrDelivers) {
    const auto refused = delivered(
        "opvang",
        R"({"kind": "activity", "id": "I-1", "type": "opvang_intake", "date": "2023-06-01", "person": "PER-1", "organisation": "ORG-KP"})"
        "\n"
        R"({"kind": "activity", "id": "I-2", "type": "opvang_intake", "date": "2023-06-01", "person": "NOBODY", "organisation": "ORG-KP"})"
        "\n");
    EXPECT_FALSE(refused.at("committed").as_bool());
    EXPECT_EQ(errors_of(refused),
              (std::vector<std::string>{
                  "d.ndjson:1: person: refers to a person that is neither in this delivery nor stored",
                  "d.ndjson:2: person: refers to a person that is neither in this delivery nor stored"}));
    EXPECT_EQ(server.as("opvang", "GET", "/api/v1/records/person/PER-1").status, 404);

    // Its own persons, before or after the activity in the same delivery.
    const auto own = delivered(
        "opvang",
        R"({"kind": "activity", "id": "I-3", "type": "opvang_intake", "date": "2023-06-01", "person": "P-KP1", "organisation": "ORG-KP"})"
        "\n"
        R"({"kind": "person", "id": "P-KP1", "nationality": "PL"})"
        "\n"
        R"({"kind": "person", "id": "P-KP2", "nationality": "RO"})"
        "\n");
    ASSERT_TRUE(own.at("committed").as_bool()) << json::serialize(own);
    // P-KP2 came without an activity: the partner may refer to it later.
    const auto later = delivered(
        "opvang",
        R"({"kind": "activity", "id": "I-4", "type": "opvang_intake", "date": "2023-06-02", "person": "P-KP2", "organisation": "ORG-KP"})"
        "\n");
    EXPECT_TRUE(later.at("committed").as_bool()) << json::serialize(later);

    // Another organisation's records, live or withdrawn, are not the partner's to change.
    ASSERT_EQ(server
                  .as("inspecteur", "POST", "/api/v1/records/activity",
                      R"({"id": "ACT-W", "type": "huisbezoek", "date": "2023-05-03", "address": "ADR-1",
                            "organisation": "ORG-HH"})")
                  .status,
              201);
    ASSERT_EQ(server.as("inspecteur", "DELETE", "/api/v1/records/activity/ACT-W").status, 204);
    const auto takeover = delivered(
        "opvang",
        R"({"kind": "activity", "id": "ACT-W", "type": "opvang_intake", "date": "2023-06-01", "organisation": "ORG-KP"})"
        "\n"
        R"({"kind": "person", "id": "PER-3", "nationality": "PL"})"
        "\n");
    EXPECT_FALSE(takeover.at("committed").as_bool());
    EXPECT_EQ(errors_of(takeover), (std::vector<std::string>{"d.ndjson:1: id: is a record of another organisation",
                                                             "d.ndjson:2: id: is a record of another organisation"}));
}

TEST_F(NeedToKnow, AWithdrawnRecordStaysItsOwnersAndItsHistoryShowsOnlyWhatTheUserMaySee) {
    ASSERT_EQ(server.as("inspecteur", "DELETE", "/api/v1/records/activity/ACT-3").status, 204);
    EXPECT_EQ(server
                  .as("balie", "PUT", "/api/v1/records/activity/ACT-3",
                      R"({"type": "infopunt_bezoek", "date": "2023-06-01", "location": "LOC-ZUID",
                            "organisation": "ORG-INFO"})")
                  .status,
              404);
    EXPECT_EQ(server
                  .as("balie", "POST", "/api/v1/records/activity",
                      R"({"id": "ACT-3", "type": "infopunt_bezoek", "date": "2023-06-01", "location": "LOC-ZUID",
                            "organisation": "ORG-INFO"})")
                  .status,
              409);
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/activity/ACT-3/history").status, 404);
    auto own = server.as("inspecteur", "GET", "/api/v1/records/activity/ACT-3");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(parse_body(own).at("_meta").at("withdrawn").as_bool());

    // ACT-1 was ORG-INFO's; the administrator's import gives it to ORG-HH.
    // ORG-HH's users then see the current version, not ORG-INFO's with its person.
    {
        auto store = storage::open_store(server.db(), "GM0599");
        ASSERT_TRUE(store) << store.error().message;
        auto keys = privacy::Keyring::open(server.key_file(), privacy::CreateIfMissing::No);
        ASSERT_TRUE(keys);
        ingest::Importer importer(**store, shipped_catalogue(), *keys);
        auto report = importer.import_data(
            "move.ndjson",
            R"({"kind": "activity", "id": "ACT-1", "type": "huisbezoek", "date": "2023-03-01", "address": "ADR-1", "organisation": "ORG-HH"})"
            "\n",
            {});
        ASSERT_TRUE(report && report->committed);
    }
    auto history = server.as("inspecteur", "GET", "/api/v1/records/activity/ACT-1/history");
    ASSERT_EQ(history.status, 200) << history.body;
    const auto versions = parse_body(history).at("items").as_array();
    ASSERT_EQ(versions.size(), 1u) << history.body;
    EXPECT_EQ(versions[0].at("fields").at("organisation").as_string(), "ORG-HH");
    EXPECT_EQ(history.body.find("PER-1"), std::string::npos);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/activity/ACT-1/history").body.find("PER-1") ==
                  std::string::npos,
              false)
        << "an all-scope role sees every version";
}

TEST_F(NeedToKnow, AWithdrawalIsLoggedWithItsDataSubject) {
    ASSERT_EQ(server.as("inspecteur", "GET", "/api/v1/records/activity/ACT-3").status, 200);
    ASSERT_EQ(server.as("inspecteur", "DELETE", "/api/v1/records/activity/ACT-3").status, 204);
    ASSERT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-GONE", "bsn": "123456782"})").status,
              201);
    ASSERT_EQ(server.as("balie", "DELETE", "/api/v1/records/person/P-GONE").status, 204);
    ASSERT_TRUE(server.api().flush());
    auto entries = privacy::read_log(server.log_file(), {});
    ASSERT_TRUE(entries) << entries.error().message;
    ASSERT_EQ(entries->size(), 4u);
    const auto& read = (*entries)[0];
    const auto& withdrawn = (*entries)[1];
    EXPECT_EQ(withdrawn.action, privacy::LogAction::Withdraw);
    EXPECT_EQ(withdrawn.record, "activity/ACT-3");
    EXPECT_FALSE(withdrawn.subject.empty());
    EXPECT_EQ(withdrawn.subject, read.subject) << "the person's log holds the withdrawal";
    EXPECT_EQ((*entries)[3].action, privacy::LogAction::Withdraw);
    EXPECT_FALSE((*entries)[3].subject.empty());
    EXPECT_EQ((*entries)[3].subject, (*entries)[2].subject);
}

TEST_F(NeedToKnow, PseudonymsShownOutsideTheStoreDifferPerMunicipality) {
    auto here = server.as("balie", "GET", "/api/v1/records/person/PER-1");
    ASSERT_EQ(here.status, 200);
    auto again = server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-SAME", "bsn": "111111110"})");
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(parse_body(again).at("_meta").at("subject"), parse_body(here).at("_meta").at("subject"))
        << "within a municipality the same BSN is the same pseudonym";
    auto there = server.as("dh-balie", "POST", "/api/v1/records/person", R"({"id": "PER-1", "bsn": "111111110"})");
    ASSERT_EQ(there.status, 201) << there.body;
    EXPECT_NE(parse_body(there).at("_meta").at("subject"), parse_body(here).at("_meta").at("subject"))
        << "two municipalities' staff cannot link a person by the pseudonym";
}

}  // namespace
}  // namespace grip::testing
