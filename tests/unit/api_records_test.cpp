// The records API over HTTP: create, read, replace, withdraw, history, lists
// with filters and cursors, validation errors, need-to-know on fields, and
// the transport's refusals (wrong content type, body too large, personal data
// in a URL, a client that never finishes its request).

#include <cstdio>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api/record_access.h"
#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

class ApiRecords : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

TEST_F(ApiRecords, CreateReadReplaceWithdrawAndHistory) {
    auto created = server.as("balie", "POST", "/api/v1/records/person",
                             R"({"id": "P-NEW", "bsn": "123456782", "given_name": "Jan", "nationality": "PL"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("Location"), "/api/v1/records/person/P-NEW");
    auto body = parse_body(created).as_object();
    EXPECT_EQ(body.at("given_name").as_string(), "Jan");
    EXPECT_EQ(body.at("_meta").at("version").as_int64(), 1);

    // A person without an activity of the user's organisation is not another
    // user's to see; the user who registered it reads it back for a while.
    EXPECT_EQ(server.as("balie-west", "GET", "/api/v1/records/person/P-NEW").status, 404);
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/person/P-NEW").status, 200);
    auto visit = server.as("balie", "POST", "/api/v1/records/activity",
                           R"({"id": "A-NEW", "type": "infopunt_bezoek", "date": "2023-06-01", "person": "P-NEW",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(visit.status, 201) << visit.body;
    auto read = server.as("balie", "GET", "/api/v1/records/person/P-NEW");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(parse_body(read).at("bsn").as_string(), "123456782");

    auto replaced = server.as("balie", "PUT", "/api/v1/records/person/P-NEW",
                              R"({"bsn": "123456782", "given_name": "Jan", "nationality": "RO"})");
    ASSERT_EQ(replaced.status, 200) << replaced.body;
    EXPECT_EQ(parse_body(replaced).at("nationality").as_string(), "RO");
    EXPECT_EQ(parse_body(replaced).at("_meta").at("version").as_int64(), 2);

    auto history = server.as("balie", "GET", "/api/v1/records/person/P-NEW/history");
    ASSERT_EQ(history.status, 200);
    const auto history_body = parse_body(history);
    const auto& versions = history_body.at("items").as_array();
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].at("fields").at("nationality").as_string(), "PL");
    EXPECT_EQ(versions[1].at("fields").at("nationality").as_string(), "RO");
    EXPECT_FALSE(versions[0].at("fields").as_object().contains("given_name")) << "history keeps personal fields sealed";

    EXPECT_EQ(server.as("balie", "DELETE", "/api/v1/records/activity/A-NEW").status, 204);
    auto gone = server.as("adviseur", "GET", "/api/v1/records/activity/A-NEW");
    ASSERT_EQ(gone.status, 200);
    EXPECT_TRUE(parse_body(gone).at("_meta").at("withdrawn").as_bool());
    EXPECT_EQ(server.as("balie", "DELETE", "/api/v1/records/activity/A-NEW").status, 404) << "withdrawn already";
}

TEST_F(ApiRecords, ValidationListsEveryInvalidField) {
    auto response = server.as("balie", "POST", "/api/v1/records/activity",
                              R"({"id": "A-BAD", "type": "no_such_type", "date": "2023-02-30", "colour": "red",
                                  "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/problem+json");
    auto body = parse_body(response).as_object();
    EXPECT_EQ(body.at("error_id").as_string().size(), 16u);
    std::set<std::string> fields;
    for (const auto& p : body.at("invalid_params").as_array()) fields.insert(std::string(p.at("name").as_string()));
    EXPECT_TRUE(fields.count("type"));
    EXPECT_TRUE(fields.count("date"));
    EXPECT_TRUE(fields.count("colour"));

    auto dangling = server.as("balie", "POST", "/api/v1/records/activity",
                              R"({"id": "A-DANGLING", "type": "infopunt_bezoek", "date": "2023-06-01",
                                  "person": "NOBODY", "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(dangling.status, 400);
    EXPECT_EQ(parse_body(dangling).at("invalid_params").at(0).at("name").as_string(), "person");

    auto bsn = server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-BSN", "bsn": "123456789"})");
    ASSERT_EQ(bsn.status, 400);
    EXPECT_EQ(bsn.body.find("123456789"), std::string::npos) << "an error never repeats the value";

    EXPECT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"({"id": "PER-1"})").status, 409);
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/records/person", "{not json").status, 400);
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-X"})", "text/plain").status, 415);
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"(["array"])").status, 400);
    EXPECT_EQ(server.as("balie", "PUT", "/api/v1/records/person/P-1", R"({"id": "P-2"})").status, 400);
}

TEST_F(ApiRecords, RolesWithoutPersonalDataSeeNoneOfIt) {
    for (const auto* target : {"/api/v1/records/person/PER-1", "/api/v1/records/address/ADR-1"}) {
        auto response = server.as("adviseur", "GET", target);
        ASSERT_EQ(response.status, 200) << target;
        for (const auto* secret : {"111111110", "Anna", "Kowalska", "Voorbeeldstraat", "3081", "given_name", "bsn"})
            EXPECT_EQ(response.body.find(secret), std::string::npos) << target << " shows " << secret;
        EXPECT_FALSE(parse_body(response).at("_meta").at("subject").as_string().empty());
    }
    auto list = server.as("adviseur", "GET", "/api/v1/records/person");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find("Kowalska"), std::string::npos);
    auto own = server.as("balie", "GET", "/api/v1/records/person/PER-1");
    EXPECT_EQ(parse_body(own).at("family_name").as_string(), "Kowalska");
}

// The persons an own-scope user lists are checked for need-to-know in one
// statement per scan (a join with the user's activities and reference
// grants): the list holds exactly the persons the user may read one by one.
TEST_F(ApiRecords, AnOwnScopeUsersPersonListHoldsExactlyWhatItMayRead) {
    ASSERT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-GRANT", "nationality": "PL"})").status,
              201);
    const auto ids_of = [&](const std::string& user) {
        std::set<std::string> ids;
        auto page = parse_body(server.as(user, "GET", "/api/v1/records/person?limit=500"));
        for (const auto& item : page.at("items").as_array()) ids.insert(std::string(item.at("id").as_string()));
        EXPECT_TRUE(page.at("next_cursor").is_null());
        return ids;
    };
    std::set<std::string> every;
    const auto all = parse_body(server.as("adviseur", "GET", "/api/v1/records/person?limit=500"));
    for (const auto& item : all.at("items").as_array()) every.insert(std::string(item.at("id").as_string()));
    ASSERT_TRUE(every.count("P-GRANT"));
    for (const std::string user : {"balie", "balie-west"}) {
        const auto listed = ids_of(user);
        for (const auto& id : every)
            EXPECT_EQ(listed.count(id) == 1, server.as(user, "GET", "/api/v1/records/person/" + id).status == 200)
                << user << " " << id;
    }
    EXPECT_TRUE(ids_of("balie").count("P-GRANT")) << "registered by the user: granted for a while";
    EXPECT_FALSE(ids_of("balie-west").count("P-GRANT"));
    // The grant runs out after a day: the person leaves the list with it.
    server.clock().advance(api::kReferenceGrantSeconds + 1);
    EXPECT_FALSE(ids_of("balie").count("P-GRANT"));
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/person/P-GRANT").status, 404);
}

TEST_F(ApiRecords, ListsFilterAndPageWithACursor) {
    auto all = server.as("adviseur", "GET", "/api/v1/records/activity?limit=2");
    ASSERT_EQ(all.status, 200) << all.body;
    auto page = parse_body(all).as_object();
    ASSERT_EQ(page.at("items").as_array().size(), 2u);
    ASSERT_TRUE(page.at("next_cursor").is_string());
    auto next = server.as("adviseur", "GET",
                          "/api/v1/records/activity?limit=2&cursor=" + std::string(page.at("next_cursor").as_string()));
    auto rest = parse_body(next).as_object();
    ASSERT_EQ(rest.at("items").as_array().size(), 1u);
    EXPECT_EQ(rest.at("items").at(0).at("id").as_string(), "ACT-3");
    EXPECT_TRUE(rest.at("next_cursor").is_null());

    auto typed = parse_body(server.as("adviseur", "GET", "/api/v1/records/activity?type=huisbezoek"));
    ASSERT_EQ(typed.at("items").as_array().size(), 1u);
    auto in_wijk = parse_body(server.as("adviseur", "GET", "/api/v1/records/activity?area=WK059915"));
    // ACT-1 through its location, ACT-3 through its address; ACT-2 is in Delfshaven.
    ASSERT_EQ(in_wijk.at("items").as_array().size(), 2u);
    auto in_april = parse_body(server.as("adviseur", "GET", "/api/v1/records/activity?period=2023-04"));
    ASSERT_EQ(in_april.at("items").as_array().size(), 1u);
    EXPECT_EQ(in_april.at("items").at(0).at("id").as_string(), "ACT-2");

    // Own-scope roles see only their organisation's and locations' records.
    auto west = parse_body(server.as("balie-west", "GET", "/api/v1/records/activity"));
    ASSERT_EQ(west.at("items").as_array().size(), 1u);
    EXPECT_EQ(west.at("items").at(0).at("id").as_string(), "ACT-2");
    auto persons = parse_body(server.as("balie-west", "GET", "/api/v1/records/person"));
    ASSERT_EQ(persons.at("items").as_array().size(), 1u);
    EXPECT_EQ(persons.at("items").at(0).at("id").as_string(), "PER-2");

    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/activity?period=2023-13").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/activity?area=NOWHERE").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/activity?limit=0").status, 400);
}

TEST_F(ApiRecords, PersonalDataNeverInAUrl) {
    auto response = server.as("balie", "GET", "/api/v1/records/person?bsn=111111110");
    EXPECT_EQ(response.status, 400);
    auto search = server.as("balie", "POST", "/api/v1/persons/search", R"({"bsn": "111111110"})");
    ASSERT_EQ(search.status, 200) << search.body;
    ASSERT_EQ(parse_body(search).at("items").as_array().size(), 1u);
    EXPECT_EQ(parse_body(search).at("items").at(0).at("id").as_string(), "PER-1");
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/persons/search", R"({"bsn": "123"})").status, 400);
}

TEST_F(ApiRecords, ARegistrationShowsInTheIndicatorsAtOnce) {
    auto before = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=2023"));
    const auto value = [](const json::value& set, const char* code) {
        return set.at("indicators").at(code).at("value").as_int64();
    };
    ASSERT_EQ(server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-LIVE", "nationality": "PL"})").status,
              201);
    auto visit = server.as("balie", "POST", "/api/v1/records/activity",
                           R"({"id": "A-LIVE", "type": "infopunt_bezoek", "date": "2023-07-01", "person": "P-LIVE",
                               "location": "LOC-ZUID", "organisation": "ORG-INFO"})");
    ASSERT_EQ(visit.status, 201) << visit.body;
    auto after = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=2023"));
    const auto& codes = after.at("indicators").as_object();
    bool changed = false;
    for (const auto& [code, figure] : codes)
        if (figure.at("value").is_int64() && value(after, code.data()) != value(before, code.data())) changed = true;
    EXPECT_TRUE(changed) << "a new visit changes some count of 2023";
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?period=2023&area=NOWHERE").status, 400);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators?period=2023&area=priority").status, 200);
}

TEST_F(ApiRecords, IndicatorsAreTheJsonOfTheCommandLine) {
    for (const std::string query :
         {"period=2023&area=GM0599", "period=2023-Q2&area=priority", "period=2023-03&area=WK059915"}) {
        auto response = server.as("adviseur", "GET", "/api/v1/indicators?" + query);
        ASSERT_EQ(response.status, 200) << response.body;
        const auto amp = query.find('&');
        const std::string cmd =
            fmt::format("{} --db {} --key-file {} indicators --period {} --area {} --format json 2>&1", GRIP_BINARY,
                        server.db(), server.key_file().string(), query.substr(7, amp - 7), query.substr(amp + 6));
        std::string out;
        FILE* p = popen(cmd.c_str(), "r");
        ASSERT_NE(p, nullptr);
        char buffer[4096];
        while (size_t n = fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
        ASSERT_EQ(pclose(p), 0) << out;
        EXPECT_EQ(json::parse(out), parse_body(response)) << query;
    }
}

TEST(ApiTransport, BodyTooLargeAndSlowClients) {
    ApiServer server(ApiServer::Options{64 * 1024, std::chrono::seconds(1)});
    std::string big = R"({"id": "P-BIG", "nationality": ")" + std::string(100 * 1024, 'x') + R"("})";
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/records/person", big).status, 413);

    // A client that sends half a request and stops does not hold up others.
    RawConnection slow(server.port());
    ASSERT_TRUE(slow.connected());
    ASSERT_TRUE(slow.send("POST /api/v1/records/person HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\""));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/records/area/GM0599").status, 200);
    auto rest = slow.read_until_closed();
    EXPECT_TRUE(rest.closed) << "the slow client is disconnected after the read timeout";
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
