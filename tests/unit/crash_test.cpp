// Crash safety (quality.md): the server is killed with SIGKILL at random
// moments during a stream of acknowledged writes, many times over; after
// every restart each acknowledged registration is there (records, and cases
// with their records), no half delivery is, the store's integrity check is
// ok and the processing log's chain is whole. The number of kills is
// GRIP_CRASH_ROUNDS (default 100).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http_client.h"
#include "privacy/processing_log.h"
#include "server_process.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

TEST(CrashSafety, EveryAcknowledgedWriteSurvivesSigkill) {
    TempDir dir;
    ASSERT_EQ(run_grip(dir.path(), "import " + (test_data() / "api" / "base.ndjson").string()).code, 0);
    // A partner system's account: API tokens are for system accounts only.
    ASSERT_EQ(run_grip(dir.path(), "user add insp --system --role handhaving --organisation ORG-HH").code, 0);
    auto token = run_grip(dir.path(), "token create --user insp --expires 1d");
    ASSERT_EQ(token.code, 0) << token.err;
    while (!token.out.empty() && token.out.back() == '\n') token.out.pop_back();
    const HttpHeaders auth{{"Authorization", "Bearer " + token.out}, {"Content-Type", "application/json"}};

    int rounds = 100;
    if (const char* env = std::getenv("GRIP_CRASH_ROUNDS")) rounds = std::max(1, std::atoi(env));
    std::mt19937 random(20261129);
    std::vector<std::string> acked_records;
    std::vector<int64_t> acked_cases;
    std::mutex mutex;
    int written = 0;
    for (int round = 0; round < rounds; ++round) {
        ServerProcess server(dir.path());
        ASSERT_NE(server.port(), 0) << "round " << round
                                    << ": the server did not start: " << read_file(dir / "serve.err");
        std::atomic<bool> stop{false};
        std::thread writer([&] {
            HttpClient client(server.port(), std::chrono::seconds(5));
            for (int i = 0; !stop; ++i) {
                const std::string id = fmt::format("R{}-{}", round, i);
                if (i % 2 == 0) {
                    auto r = client.post("/api/v1/records/person",
                                         fmt::format(R"({{"id": "P-{}", "nationality": "PL"}})", id), auth);
                    if (r.status == 0) return;
                    if (r.status == 201) {
                        std::lock_guard lock(mutex);
                        acked_records.push_back("P-" + id);
                    }
                } else {
                    auto r = client.post("/api/v1/cases",
                                         fmt::format(R"({{"type": "melding_overbewoning", "record": {{"id": "M-{}",
                                             "type": "melding_overbewoning", "date": "2024-05-01", "address": "ADR-1",
                                             "organisation": "ORG-HH"}}}})",
                                                     id),
                                         auth);
                    if (r.status == 0) return;
                    if (r.status == 201) {
                        std::lock_guard lock(mutex);
                        acked_cases.push_back(json::parse(r.body).at("id").as_int64());
                        acked_records.push_back("M-" + id);
                    }
                }
            }
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 200)(random)));
        server.kill_hard();
        stop = true;
        writer.join();
        ++written;
    }
    // It starts once more and stops gracefully.
    {
        ServerProcess last(dir.path());
        ASSERT_NE(last.port(), 0) << read_file(dir / "serve.err");
        EXPECT_EQ(last.stop(), 0);
    }
    EXPECT_EQ(written, rounds);
    EXPECT_GT(acked_records.size(), static_cast<size_t>(rounds)) << "too few writes were acknowledged to mean much";

    auto opened = storage::open_store(store_location(dir.path()), "GM0599");
    ASSERT_TRUE(opened) << opened.error().message;
    auto& store = *opened;
    for (const auto& id : acked_records) {
        const auto kind = id.starts_with("P-") ? records::Kind::Person : records::Kind::Activity;
        auto r = store->current(kind, id);
        ASSERT_TRUE(r);
        EXPECT_TRUE(r->has_value()) << "acknowledged but lost: " << id;
    }
    for (const auto id : acked_cases) {
        auto c = store->case_by_id(id);
        ASSERT_TRUE(c);
        ASSERT_TRUE(c->has_value()) << "acknowledged case lost: " << id;
        EXPECT_EQ((*c)->version, 1);
        auto events = store->case_events(id);
        ASSERT_TRUE(events);
        EXPECT_EQ(events->size(), 1u);
    }
    auto deliveries = store->deliveries();
    ASSERT_TRUE(deliveries);
    for (const auto& d : *deliveries) EXPECT_EQ(d.status, "committed") << "delivery " << d.id;
    auto integrity = store->integrity_check();
    ASSERT_TRUE(integrity);
    EXPECT_EQ(*integrity, "ok");
    auto keys = privacy::Keyring::open(dir / "cli.key", privacy::CreateIfMissing::No);
    ASSERT_TRUE(keys);
    auto verified = privacy::verify_log(default_log_file(dir.path()), *keys);
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_TRUE(verified->ok) << verified->problem;
}

}  // namespace
}  // namespace grip::testing
