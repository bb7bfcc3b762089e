// The processing log written in batches: a page of records is one append of
// all its entries (not one append per record), and the writes of one group
// commit are one append and one sync of the log after the store's commit,
// before any of them is answered.

#include <future>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api/database.h"
#include "api_support.h"
#include "privacy/log_chain.h"
#include "privacy/processing_log.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

int64_t log_records(const std::filesystem::path& file) {
    auto entries = privacy::read_log(file, {});
    EXPECT_TRUE(entries.ok()) << (entries.ok() ? "" : entries.error().message);
    return entries.ok() ? static_cast<int64_t>(entries->size()) : -1;
}

TEST(ApiLogBatch, APageOfPersonalRecordsIsOneAppend) {
    ApiServer server;
    const auto& log = server.api().processing_log();
    const int64_t appends = log.appends();
    const int64_t records = log_records(server.log_file());
    auto page = server.as("balie", "GET", "/api/v1/records/activity?limit=50");
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = parse_body(page);
    int64_t personal = 0;
    for (const auto& item : body.at("items").as_array())
        if (item.as_object().contains("person") || item.as_object().contains("address")) ++personal;
    ASSERT_GE(personal, 2) << "the test data gives the user a page with several persons' activities";
    // Every personal record of the page is in the log, written at once.
    EXPECT_EQ(log.appends(), appends + 1);
    EXPECT_EQ(log_records(server.log_file()), records + personal);
    auto entries = privacy::read_log(server.log_file(), {});
    ASSERT_TRUE(entries.ok());
    int64_t with_subject = 0;
    for (auto it = entries->end() - personal; it != entries->end(); ++it) {
        EXPECT_EQ(it->action, privacy::LogAction::List);
        EXPECT_EQ(it->actor, "balie");
        EXPECT_TRUE(it->record.starts_with("activity/")) << it->record;
        if (!it->subject.empty()) ++with_subject;
    }
    EXPECT_GT(with_subject, 0) << "the persons of the page's activities give their entries a subject";
    server.check_contract();
}

TEST(WriterLog, TheWritesOfABatchAreOneAppendAndDurableBeforeTheyAreAnswered) {
    TestStore t;
    // A store with its figures in place, as the server's is.
    ASSERT_TRUE(t.import(test_data() / "deliveries" / "base.ndjson").committed);
    const auto* keys = &t.keys();
    const auto log_file = t.dir() / "grip.processing-log.ndjson";
    auto log = privacy::ProcessingLog::open(log_file, *keys);
    ASSERT_TRUE(log.ok()) << log.error().message;
    auto writer = api::Writer::create(store_location(t.dir().path(), "test.db"), t.catalogue(), *keys);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    (*writer)->set_log(log->get());

    // The writer is held until every write waits, so that they make one batch.
    std::promise<void> release;
    auto held = (*writer)->run_exclusive("GM0599", [gate = release.get_future().share()](storage::Store&) -> Status {
        gate.wait();
        return ok_status();
    });
    constexpr int kWrites = 20;
    std::vector<std::future<Result<json::value>>> answers;
    for (int i = 0; i < kWrites; ++i)
        answers.push_back(std::async(std::launch::async, [&, i] {
            return (*writer)->run("GM0599", [i](api::WriteBatch& batch) -> Result<json::value> {
                privacy::LogEntry entry;
                entry.actor = "balie";
                entry.action = privacy::LogAction::Create;
                entry.processing_activity = "registratie";
                entry.record = fmt::format("person/P-{}", i);
                entry.municipality = "GM0599";
                batch.log->push_back(std::move(entry));
                return json::value("stored");
            });
        }));
    while ((*writer)->queued() < static_cast<size_t>(kWrites)) std::this_thread::yield();
    const int64_t appends = (*log)->appends();
    release.set_value();
    ASSERT_TRUE(held.get().ok());
    for (auto& a : answers) {
        auto answer = a.get();
        ASSERT_TRUE(answer.ok()) << answer.error().message;
        // Answered: the batch's entries are written and anchored (synced) already.
        const auto anchor = privacy::log_format::read_anchor(privacy::processing_log_kind(),
                                                             privacy::anchor_file_for(log_file), keys->log_key());
        ASSERT_TRUE(anchor.ok());
        EXPECT_EQ(anchor->seq, kWrites);
    }
    EXPECT_EQ((*log)->appends(), appends + 1) << "one append for the batch's entries";
    EXPECT_EQ(log_records(log_file), kWrites);
}

}  // namespace
}  // namespace grip::testing
