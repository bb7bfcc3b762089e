// Limits of deliveries and writes through the API (issue 14): bounded job
// errors, jobs that expire with their rejects file (kept in Grip's own folder,
// 0600), duplicate JSON keys refused, a busy store answered 503 with
// Retry-After, and a failed exclusive job that leaves the writer clean.

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <future>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/database.h"
#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

class ApiIngestLimits : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }
    ApiServer server;
};

TEST_F(ApiIngestLimits, AJobKeepsTheFirstErrorsAndACount) {
    std::string bomb;
    for (int i = 0; i < 20'000; ++i) bomb += "{}\n";
    auto started = server.as("beheerder", "POST", "/api/v1/deliveries?file=bomb.ndjson", bomb, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = server.finished_job("beheerder", started.header("Location"));
    ASSERT_EQ(job.at("state").as_string(), "done") << json::serialize(job);
    EXPECT_FALSE(job.at("committed").as_bool());
    EXPECT_EQ(job.at("errors").as_array().size(), 100u);
    EXPECT_EQ(job.at("errors_total").as_int64(), 10'000);
    ASSERT_TRUE(job.contains("stopped"));
    EXPECT_NE(std::string(job.at("stopped").as_string()).find("stopped reading after 10000 line errors"),
              std::string::npos);
}

TEST_F(ApiIngestLimits, RejectsArePrivateAndGoWhenTheJobExpires) {
    const std::string delivery =
        "{\"kind\": \"organisation\", \"id\": \"ORG-R1\", \"name\": \"Nieuw\", \"type\": \"zorg\"}\n"
        "{\"kind\": \"person\", \"id\": \"P-R1\", \"bsn\": \"123\"}\n";
    const fs::path folder =
        server.log_file().parent_path() /
        (server.log_file().filename().string().substr(0,
                                                      server.log_file().filename().string().find(".processing-log")) +
         ".rejects");
    // Left by an earlier run of the server, whose jobs are gone.
    fs::create_directories(folder);
    const fs::path left_over = folder / "job-of-an-earlier-run.rejects";
    std::ofstream(left_over) << "{}\n";

    auto started = server.as("beheerder", "POST", "/api/v1/deliveries?file=p.ndjson&mode=partial", delivery,
                             "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string location = started.header("Location");
    auto job = server.finished_job("beheerder", location);
    ASSERT_EQ(job.at("state").as_string(), "done") << json::serialize(job);
    EXPECT_TRUE(job.at("has_rejects").as_bool());

    // The rejected line is in a folder of Grip's own beside the store's
    // processing log, readable by the server's account only; none is in the
    // shared temporary folder.
    const std::string id(job.at("id").as_string());
    const fs::path file = folder / ("job-" + id + ".rejects");

    ASSERT_TRUE(fs::exists(file)) << file;
    EXPECT_FALSE(fs::exists(left_over)) << "the rejects of an earlier run (their jobs are gone) are cleared";
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(folder.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_FALSE(fs::exists(fs::temp_directory_path() / ("grip-rejects-" + id)));
    auto rejects = server.as("beheerder", "GET", location + "/rejects");
    ASSERT_EQ(rejects.status, 200);
    EXPECT_NE(rejects.body.find("P-R1"), std::string::npos);

    // A day later the job is still there; after that it has expired, and its
    // rejected lines are gone from the disk.
    server.clock().advance(24 * 3600 - 1);
    EXPECT_EQ(server.as("beheerder", "GET", location).status, 200);
    server.clock().advance(2);
    EXPECT_EQ(server.as("beheerder", "GET", location).status, 404);
    EXPECT_EQ(server.as("beheerder", "GET", location + "/rejects").status, 404);
    EXPECT_FALSE(fs::exists(file));
}

TEST_F(ApiIngestLimits, ADuplicateKeyInABodyIsRefused) {
    auto twice = server.as("balie", "POST", "/api/v1/records/person",
                           R"({"id": "P-DUP", "nationality": "PL", "nationality": "RO"})");
    EXPECT_EQ(twice.status, 400) << twice.body;
    EXPECT_NE(twice.body.find("nationality"), std::string::npos) << twice.body;
    auto once = server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-DUP", "nationality": "PL"})");
    EXPECT_EQ(once.status, 201) << "nothing was stored the first time: " << once.body;
}

TEST(ApiBusyStore, AWriteWhileAnotherProcessHoldsTheStoreGets503WithRetryAfter) {
    if (on_postgres()) GTEST_SKIP() << "holds SQLite's write lock; PostgreSQL locks rows, not the store";
    // Statements wait 100 ms for the lock instead of 10 s.
    ::setenv("GRIP_BUSY_TIMEOUT_MS", "100", 1);
    ApiServer server;
    ::unsetenv("GRIP_BUSY_TIMEOUT_MS");

    // Another process (here: another connection, as `grip import` would)
    // holds the write lock.
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(server.db().c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto busy = server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-BUSY", "nationality": "PL"})");
    EXPECT_EQ(busy.status, 503) << busy.body;
    EXPECT_EQ(busy.header("Retry-After"), "5");
    EXPECT_EQ(busy.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(busy.body.find("database is locked"), std::string::npos) << "the store's message stays in the log";
    ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);

    // Once the lock is free the same write goes through: nothing was left behind.
    auto created = server.as("balie", "POST", "/api/v1/records/person", R"({"id": "P-BUSY", "nationality": "PL"})");
    EXPECT_EQ(created.status, 201) << created.body;
    server.check_contract();
}

TEST(Writer, AFailedExclusiveJobLeavesTheWriterClean) {
    TestStore t;
    // A store with its figures in place, as the server's is.
    ASSERT_TRUE(t.import(test_data() / "deliveries" / "base.ndjson").committed);
    auto writer = api::Writer::create(store_location(t.dir().path(), "test.db"), t.catalogue(), t.keys());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    // An import that fails half-way (out of memory), inside its transaction.
    auto failed = (*writer)->run_exclusive("GM0599", [](storage::Store& store) -> Status {
        TRY(store.begin());
        throw std::bad_alloc();
    });
    auto next = (*writer)->run_exclusive("GM0599", [](storage::Store& store) -> Status {
        TRY(store.begin());
        return store.commit();
    });
    EXPECT_FALSE(failed.get().ok());
    auto next_status = next.get();
    EXPECT_TRUE(next_status.ok()) << next_status.error().message;
    // The next write runs too (the store's scope
    // changes between transactions only, so none may be left open).
    auto write = (*writer)->run("GM0599", [](api::WriteBatch&) -> Result<json::value> { return json::value(1); });
    ASSERT_TRUE(write.ok()) << write.error().message;
    EXPECT_EQ(write->as_int64(), 1);
    (*writer)->stop();
}

}  // namespace
}  // namespace grip::testing
