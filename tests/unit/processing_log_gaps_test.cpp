// The processing log misses nothing: deliveries through the API and on the
// command line (which persons they touched), the command line's reads and
// changes, and refused requests (403, and 404 for a record not to be seen).

#include <algorithm>
#include <fstream>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"
#include "privacy/processing_log.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::vector<privacy::LogEntry> log_of(const std::filesystem::path& file) {
    auto entries = privacy::read_log(file, {});
    EXPECT_TRUE(entries) << entries.error().message;
    return entries ? *entries : std::vector<privacy::LogEntry>{};
}

// The records of a delivery file that hold personal data: persons,
// addresses, and activities about one of them.
std::set<std::string> personal_records(const std::filesystem::path& file) {
    std::set<std::string> out;
    for (const auto& line : read_lines(file)) {
        const auto r = json::parse(line).as_object();
        const std::string kind(r.at("kind").as_string());
        if (kind == "person" || kind == "address" ||
            (kind == "activity" && (r.contains("person") || r.contains("address"))))
            out.insert(kind + "/" + std::string(r.at("id").as_string()));
    }
    return out;
}

TEST(ProcessingLogGaps, TheCommandLinesImportLogsEveryRecordOfPersonalDataItStored) {
    TempDir dir;
    const auto sample = shared_dir() / "data" / "sample-2023.ndjson";
    auto imported = run_grip(dir.path(), "import -q " + sample.string());
    ASSERT_EQ(imported.code, 0) << imported.err;
    const auto entries = log_of(default_log_file(dir.path()));
    std::set<std::string> logged;
    std::set<std::string> traces;
    for (const auto& e : entries) {
        EXPECT_EQ(e.action, privacy::LogAction::Create) << e.record;
        EXPECT_EQ(e.actor.rfind("cli:", 0), 0u) << e.actor;
        EXPECT_EQ(e.processing_activity, "registratie");
        if (e.record.rfind("person/", 0) == 0) {
            EXPECT_FALSE(e.subject.empty()) << e.record;
        }
        logged.insert(e.record);
        traces.insert(e.trace_id);
    }
    EXPECT_EQ(logged, personal_records(sample)) << "every person, address and activity about one; nothing else";
    EXPECT_EQ(entries.size(), logged.size()) << "each once";
    EXPECT_EQ(traces.size(), 1u) << "one command, one trace";

    // The corrections: a withdrawal and changes, each with its subject.
    auto corrected =
        run_grip(dir.path(), "import -q " + (shared_dir() / "data" / "sample-2023-correcties.ndjson").string());
    ASSERT_EQ(corrected.code, 0) << corrected.err;
    const auto after = log_of(default_log_file(dir.path()));
    ASSERT_GT(after.size(), entries.size());
    bool withdrawal = false;
    for (size_t i = entries.size(); i < after.size(); ++i) {
        if (after[i].action == privacy::LogAction::Withdraw) {
            withdrawal = true;
            EXPECT_EQ(after[i].record, "activity/S23-ACT-001685");
        }
    }
    // The withdrawn activity is about an address or a person only when the sample says so.
    const bool personal = personal_records(sample).count("activity/S23-ACT-001685") > 0;
    EXPECT_EQ(withdrawal, personal);

    // A delivery that is not stored processed nobody.
    write_file(dir / "bad.ndjson",
               "{\"kind\": \"person\", \"id\": \"P-NEW\", \"bsn\": \"123456782\"}\n{\"kind\": \"nope\"}\n");
    const size_t before_bad = after.size();
    EXPECT_NE(run_grip(dir.path(), "import -q " + (dir / "bad.ndjson").string()).code, 0);
    EXPECT_EQ(log_of(default_log_file(dir.path())).size(), before_bad);

    // Reading a record's versions on the command line is a read of it.
    auto history = run_grip(dir.path(), "history person S23-PER-000015");
    ASSERT_EQ(history.code, 0) << history.err;
    const auto last = log_of(default_log_file(dir.path())).back();
    EXPECT_EQ(last.action, privacy::LogAction::Read);
    EXPECT_EQ(last.record, "person/S23-PER-000015");
    EXPECT_FALSE(last.subject.empty());
    auto verified = run_grip(dir.path(), "log verify");
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
}

class ApiLogGaps : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    std::vector<privacy::LogEntry> entries() {
        EXPECT_TRUE(server.api().flush());
        return log_of(server.log_file());
    }
    ApiServer server;
};

TEST_F(ApiLogGaps, AnApiDeliveryLogsWhichPersonsItTouched) {
    const std::string delivery =
        "{\"kind\": \"person\", \"id\": \"P-DEL\", \"bsn\": \"123456782\", \"nationality\": \"PL\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-DEL\", \"type\": \"opvang_intake\", \"date\": \"2023-06-01\", "
        "\"person\": \"P-DEL\", \"organisation\": \"ORG-KP\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-COUNT\", \"type\": \"klankbordgroep\", \"date\": \"2023-06-01\", "
        "\"count\": 12, \"area\": \"BU05991571\", \"organisation\": \"ORG-KP\"}\n";
    auto started = server.as("opvang", "POST", "/api/v1/deliveries?file=kp.ndjson", delivery, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    const auto job = server.finished_job("opvang", started.header("Location"));
    ASSERT_TRUE(job.at("committed").as_bool()) << json::serialize(job);
    const auto log = entries();
    ASSERT_EQ(log.size(), 2u) << "the person and the activity about them; not the counted meeting";
    EXPECT_EQ(log[0].record, "person/P-DEL");
    EXPECT_EQ(log[1].record, "activity/A-DEL");
    for (const auto& e : log) {
        EXPECT_EQ(e.action, privacy::LogAction::Create);
        EXPECT_EQ(e.actor, "opvang");
        EXPECT_EQ(e.municipality, "GM0599");
    }
    EXPECT_FALSE(log[0].subject.empty());
    EXPECT_EQ(log[0].subject, log[1].subject) << "the activity is about the same person";
    EXPECT_EQ(log[0].trace_id, started.header("traceparent").substr(3, 32)) << "the delivery request's trace";

    // The person's log, found by BSN, holds the delivery.
    auto person = server.as("fg", "POST", "/api/v1/log/search", R"({"bsn": "123456782"})");
    ASSERT_EQ(person.status, 200);
    EXPECT_EQ(parse_body(person).at("items").as_array().size(), 3u) << "two from the delivery and the search";

    // A replacement and a withdrawal in a later delivery.
    const std::string later =
        "{\"kind\": \"person\", \"id\": \"P-DEL\", \"bsn\": \"123456782\", \"nationality\": \"RO\"}\n"
        "{\"kind\": \"activity\", \"id\": \"A-DEL\", \"deleted\": true}\n";
    auto again = server.as("opvang", "POST", "/api/v1/deliveries?file=kp2.ndjson", later, "application/x-ndjson");
    ASSERT_EQ(again.status, 202);
    ASSERT_TRUE(server.finished_job("opvang", again.header("Location")).at("committed").as_bool());
    const auto more = entries();
    ASSERT_EQ(more.size(), 5u);
    EXPECT_EQ(more[3].action, privacy::LogAction::Update);
    EXPECT_EQ(more[3].record, "person/P-DEL");
    EXPECT_EQ(more[4].action, privacy::LogAction::Withdraw);
    EXPECT_EQ(more[4].record, "activity/A-DEL");
    EXPECT_EQ(more[4].subject, log[0].subject) << "a withdrawal is logged with the subject it was about";
}

TEST_F(ApiLogGaps, RefusedRequestsAreLogged) {
    // 403: the role may not read the log.
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/log").status, 403);
    // 404 for a record that exists but is not the user's to see: the answer
    // does not tell it exists, the log says whose it was.
    ASSERT_EQ(server.as("balie-west", "GET", "/api/v1/records/person/PER-1").status, 404);
    // 404 for a record that does not exist: nobody's data, not logged.
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/records/person/NOPE").status, 404);
    // 403 on a record's route: logged with the route, not the ids asked for.
    ASSERT_EQ(server.as("regio", "GET", "/api/v1/records/person/PER-1").status, 403);
    // The owner's read, for the subject to compare with.
    ASSERT_EQ(server.as("balie", "GET", "/api/v1/records/person/PER-1").status, 200);
    const auto log = entries();
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(log[0].result, privacy::LogResult::Denied);
    EXPECT_EQ(log[0].actor, "balie");
    EXPECT_EQ(log[0].record, "/api/v1/log");
    EXPECT_EQ(log[1].result, privacy::LogResult::NotFound);
    EXPECT_EQ(log[1].actor, "balie-west");
    EXPECT_EQ(log[1].record, "person/PER-1");
    EXPECT_EQ(log[1].subject, log[3].subject) << "the person's log shows who was refused their data";
    EXPECT_EQ(log[2].result, privacy::LogResult::Denied);
    EXPECT_EQ(log[2].actor, "regio");
    EXPECT_EQ(log[2].record, "/api/v1/records/{kind}/{id}");
    EXPECT_EQ(log[3].result, privacy::LogResult::Ok);
}

}  // namespace
}  // namespace grip::testing
