// Deliveries, reports and the processing log over HTTP.

#include <tuple>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"
#include "privacy/processing_log.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class ApiWork : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

TEST_F(ApiWork, ADeliveryRunsAsAJobWithItsLineErrors) {
    const std::string bad =
        "{\"kind\": \"organisation\", \"id\": \"ORG-NEW\", \"name\": \"Nieuw\", \"type\": \"zorg\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-D1\", \"type\": \"infopunt_bezoek\", \"date\": \"2023-13-01\"}\n";
    auto started =
        server.as("beheerder", "POST", "/api/v1/deliveries?file=partner.ndjson", bad, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string location = started.header("Location");
    auto job = server.finished_job("beheerder", location);
    EXPECT_EQ(job.at("state").as_string(), "done");
    EXPECT_FALSE(job.at("committed").as_bool()) << "one bad line and nothing is stored";
    ASSERT_EQ(job.at("errors").as_array().size(), 1u);
    EXPECT_EQ(job.at("errors").at(0).at("text").as_string(), "partner.ndjson:2: date: must be a date YYYY-MM-DD")
        << json::serialize(job.at("errors"));
    EXPECT_EQ(server.as("beheerder", "GET", "/api/v1/records/organisation/ORG-NEW").status, 404);
    EXPECT_EQ(server.as("opvang", "GET", location).status, 404) << "someone else's job does not exist for you";

    auto partial = server.as("beheerder", "POST", "/api/v1/deliveries?file=partner.ndjson&mode=partial", bad,
                             "application/x-ndjson");
    ASSERT_EQ(partial.status, 202);
    auto done = server.finished_job("beheerder", partial.header("Location"));
    EXPECT_TRUE(done.at("committed").as_bool());
    EXPECT_EQ(done.at("counts").at("stored").as_int64(), 1);
    EXPECT_EQ(done.at("counts").at("rejected").as_int64(), 1);
    auto rejects = server.as("beheerder", "GET", partial.header("Location") + "/rejects");
    ASSERT_EQ(rejects.status, 200);
    EXPECT_NE(rejects.body.find("A-D1"), std::string::npos);
    EXPECT_EQ(rejects.body.find("ORG-NEW"), std::string::npos);
    EXPECT_EQ(server.as("beheerder", "GET", "/api/v1/records/organisation/ORG-NEW").status, 200);

    EXPECT_EQ(server.as("beheerder", "POST", "/api/v1/deliveries", bad, "application/json").status, 415);
    EXPECT_EQ(
        server.as("beheerder", "POST", "/api/v1/deliveries", "", "", {{"Content-Type", "application/x-ndjson"}}).status,
        400);
    auto csv = server.as("beheerder", "POST", "/api/v1/deliveries?kind=organisation&file=o.csv",
                         "id,name,type\nORG-CSV,Csv partner,zorg\n", "text/csv");
    ASSERT_EQ(csv.status, 202);
    EXPECT_TRUE(server.finished_job("beheerder", csv.header("Location")).at("committed").as_bool());
    auto list = parse_body(server.as("adviseur", "GET", "/api/v1/deliveries"));
    EXPECT_GE(list.at("items").as_array().size(), 3u);
    // The data of base.ndjson came in by the command line (user 0): a
    // partner's list does not hold it, nor the deliveries above.
    EXPECT_EQ(parse_body(server.as("opvang", "GET", "/api/v1/deliveries")).at("items").as_array().size(), 0u);
}

// A file of which nothing was stored is in the list with its counts (its
// sender must see that it came and failed), and may come again; the
// registrations of the web interface are listed only when asked for.
TEST_F(ApiWork, ARefusedFileIsListedAndRegistrationsOnlyWhenAskedFor) {
    const std::string bad =
        "{\"kind\": \"organisation\", \"id\": \"ORG-R\", \"name\": \"R\", \"type\": \"zorg\"}\n"
        "{\"kind\": \"organisation\", \"id\": \"ORG-R2\", \"name\": \"R2\"}\n";
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto started =
            server.as("beheerder", "POST", "/api/v1/deliveries?file=refused.ndjson", bad, "application/x-ndjson");
        ASSERT_EQ(started.status, 202) << started.body;
        const auto job = server.finished_job("beheerder", started.header("Location"));
        EXPECT_FALSE(job.at("committed").as_bool());
        EXPECT_FALSE(job.contains("already_imported") && !job.at("already_imported").is_null())
            << "a refused file is not taken for one already imported";
    }
    ASSERT_EQ(server
                  .as("inspecteur", "POST", "/api/v1/records/activity",
                      R"({"id": "ACT-REG", "type": "huisbezoek", "date": "2023-05-03", "address": "ADR-1",
                            "organisation": "ORG-HH"})",
                      "application/json")
                  .status,
              201);
    const auto files = parse_body(server.as("adviseur", "GET", "/api/v1/deliveries")).at("items").as_array();
    int refused = 0;
    for (const auto& d : files) {
        EXPECT_EQ(d.at("kind").as_string(), "file") << json::serialize(d);
        if (d.at("source").as_string() != "refused.ndjson") continue;
        ++refused;
        EXPECT_EQ(d.at("status").as_string(), "refused");
        EXPECT_EQ(d.at("counts").at("read").as_int64(), 2);
        EXPECT_EQ(d.at("counts").at("rejected").as_int64(), 1);
        EXPECT_EQ(d.at("counts").at("stored").as_int64(), 0);
    }
    EXPECT_EQ(refused, 2);
    const auto all = parse_body(server.as("adviseur", "GET", "/api/v1/deliveries?include=registrations"));
    bool registration = false;
    for (const auto& d : all.at("items").as_array())
        registration |= d.at("kind").as_string() == "registrations" && d.at("counts").at("stored").as_int64() == 1;
    EXPECT_TRUE(registration) << json::serialize(all);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/deliveries?include=everything").status, 400);
}

TEST_F(ApiWork, APartnerDeliversAndSeesOnlyItsOwnRecords) {
    const std::string theirs =
        "{\"kind\": \"activity\", \"id\": \"A-KP1\", \"type\": \"opvang_intake\", \"date\": \"2023-06-01\", "
        "\"person\": \"PER-3\", \"organisation\": \"ORG-KP\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-KP2\", \"type\": \"opvang_intake\", \"date\": \"2023-06-01\", "
        "\"person\": \"PER-3\", \"organisation\": \"ORG-HH\"}\n"
        "{\"kind\": \"activity\", \"id\": \"ACT-1\", \"deleted\": true}\n"
        "{\"kind\": \"motion\", \"id\": \"M-KP\", \"type\": \"motie\", \"title\": \"x\", \"adopted\": "
        "\"2023-01-01\"}\n";
    auto started = server.as("opvang", "POST", "/api/v1/deliveries?file=kp.ndjson", theirs, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = server.finished_job("opvang", started.header("Location"));
    ASSERT_FALSE(job.at("committed").as_bool()) << json::serialize(job);
    std::vector<std::string> errors;
    for (const auto& e : job.at("errors").as_array()) errors.emplace_back(e.at("text").as_string());
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "kp.ndjson:1: person: refers to a person that is neither in this delivery nor stored",
                          "kp.ndjson:2: organisation: must be your organisation (or location one of your locations)",
                          "kp.ndjson:3: id: is a record of another organisation",
                          "kp.ndjson:4: kind: your role may not deliver motion records"}));
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/activity/ACT-1").status, 200);

    // Its own list of deliveries holds only its own; policy sees them all.
    const std::string own_records =
        "{\"kind\": \"person\", \"id\": \"P-KP\", \"nationality\": \"PL\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-KP1\", \"type\": \"opvang_intake\", \"date\": \"2023-06-01\", "
        "\"person\": \"P-KP\", \"organisation\": \"ORG-KP\"}\n";
    auto own = server.as("opvang", "POST", "/api/v1/deliveries?file=own.ndjson", own_records, "application/x-ndjson");
    ASSERT_EQ(own.status, 202);
    EXPECT_TRUE(server.finished_job("opvang", own.header("Location")).at("committed").as_bool());
    // The refused file is listed too, with nothing stored.
    const auto mine = parse_body(server.as("opvang", "GET", "/api/v1/deliveries"));
    ASSERT_EQ(mine.at("items").as_array().size(), 2u) << json::serialize(mine);
    EXPECT_EQ(mine.at("items").at(0).at("source").as_string(), "kp.ndjson");
    EXPECT_EQ(mine.at("items").at(0).at("status").as_string(), "refused");
    EXPECT_EQ(mine.at("items").at(1).at("source").as_string(), "own.ndjson");
    EXPECT_EQ(mine.at("items").at(1).at("status").as_string(), "committed");
    const auto all = parse_body(server.as("adviseur", "GET", "/api/v1/deliveries"));
    EXPECT_GT(all.at("items").as_array().size(), 1u);
}

TEST_F(ApiWork, TheReportInEveryFormatWithAnEditedTextBlock) {
    auto set = server.as("adviseur", "PUT", "/api/v1/reports/2023/texts/financieel",
                         R"({"text": "Er zijn geen financiële gevolgen."})");
    ASSERT_EQ(set.status, 200) << set.body;
    auto html = server.as("adviseur", "GET", "/api/v1/reports/2023?format=html");
    ASSERT_EQ(html.status, 200);
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(html.body.find("Er zijn geen financiële gevolgen."), std::string::npos);
    auto md = server.as("adviseur", "GET", "/api/v1/reports/2023?format=md&download=1");
    ASSERT_EQ(md.status, 200);
    EXPECT_NE(md.header("Content-Disposition").find("voortgangsrapportage-2023.md"), std::string::npos);
    auto model = server.as("adviseur", "GET", "/api/v1/reports/2023?format=json&edition=openbaar");
    ASSERT_EQ(model.status, 200);
    EXPECT_TRUE(parse_body(model).is_object());
    auto texts = parse_body(server.as("adviseur", "GET", "/api/v1/reports/2023/texts"));
    bool found = false;
    for (const auto& t : texts.at("items").as_array())
        if (t.at("block").as_string() == "financieel")
            found = t.at("text").as_string() == "Er zijn geen financiële gevolgen.";
    EXPECT_TRUE(found);
    EXPECT_EQ(server.as("adviseur", "PUT", "/api/v1/reports/2023/texts/nonsense", R"({"text": "x"})").status, 404);
    EXPECT_EQ(server.as("adviseur", "PUT", "/api/v1/reports/2023/texts/financieel", R"({"tekst": "x"})").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/reports/2023?format=odt").status, 400);
    // The documents staff pass on, for both editions, with their types and file names.
    for (const auto& [format, type, magic] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04"},
             {"pdf", "application/pdf", "%PDF-"},
             {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"}}) {
        for (const std::string edition : {"", "openbaar"}) {
            auto doc = server.as("adviseur", "GET",
                                 "/api/v1/reports/2023?format=" + format +
                                     (edition.empty() ? "" : "&edition=" + edition) + "&download=1");
            ASSERT_EQ(doc.status, 200) << format << " " << doc.body;
            EXPECT_EQ(doc.header("Content-Type"), type);
            EXPECT_TRUE(doc.body.starts_with(magic)) << format;
            EXPECT_NE(doc.header("Content-Disposition")
                          .find("voortgangsrapportage-2023" + (edition.empty() ? "" : "-" + edition) + "." + format +
                                "\""),
                      std::string::npos)
                << doc.header("Content-Disposition");
        }
    }
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/reports/year").status, 404);
}

TEST_F(ApiWork, EveryTouchOfPersonalDataIsInTheProcessingLog) {
    const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    auto read = server.as("balie", "GET", "/api/v1/records/person/PER-1", {}, "",
                          {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}});
    ASSERT_EQ(read.status, 200);
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/records/location/LOC-ZUID").status, 200);  // no personal data
    auto created = server.as("balie", "POST", "/api/v1/records/activity",
                             R"({"id": "A-LOG", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "PER-1",
                                 "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(created.status, 201);

    auto log = server.as("fg", "GET", "/api/v1/log");
    ASSERT_EQ(log.status, 200) << log.body;
    const auto log_body = parse_body(log);
    const auto& items = log_body.at("items").as_array();
    ASSERT_EQ(items.size(), 2u) << log.body;
    const auto& first = items[0].as_object();
    EXPECT_EQ(first.at("trace_id").as_string(), trace) << "the caller's trace is kept";
    EXPECT_EQ(first.at("parent_span_id").as_string(), "00f067aa0ba902b7");
    EXPECT_EQ(first.at("actor").as_string(), "balie");
    EXPECT_EQ(first.at("action").as_string(), "read");
    EXPECT_EQ(first.at("record").as_string(), "person/PER-1");
    EXPECT_EQ(first.at("processing_activity").as_string(), "registratie");
    EXPECT_EQ(items[1].at("action").as_string(), "create");
    EXPECT_EQ(items[1].at("subject"), first.at("subject")) << "the visit is about the same person";
    EXPECT_EQ(log.body.find("Kowalska"), std::string::npos);
    EXPECT_EQ(log.body.find("111111110"), std::string::npos);

    // A request for access: the person's whole log, found by BSN.
    auto person = server.as("fg", "POST", "/api/v1/log/search", R"({"bsn": "111111110"})");
    ASSERT_EQ(person.status, 200) << person.body;
    EXPECT_EQ(parse_body(person).at("items").as_array().size(), 3u) << "two entries and the search itself";
    auto nobody = server.as("fg", "POST", "/api/v1/log/search", R"({"bsn": "123456782"})");
    EXPECT_EQ(parse_body(nobody).at("items").as_array().size(), 0u);

    ASSERT_TRUE(server.api().flush());
    auto verified = privacy::verify_log(server.log_file(),
                                        *privacy::Keyring::open(server.key_file(), privacy::CreateIfMissing::No));
    ASSERT_TRUE(verified);
    EXPECT_TRUE(verified->ok) << verified->problem;
    EXPECT_EQ(verified->records, 3);
}

}  // namespace
}  // namespace grip::testing
