// The time a store writes with history versions (`recorded_at`) comes from
// one injected clock, read at each transaction's start: a connection kept
// open for days (the server's writer) stamps each transaction with its own
// time. It was once read every 4,096 writes per connection. On both backends.

#include <gtest/gtest.h>

#include "common/clock.h"
#include "test_support.h"

namespace grip::testing {
namespace {
using records::Kind;

records::Record activity_on(const std::string& date) {
    records::Record r;
    r.kind = Kind::Activity;
    r.id = "A1";
    r.fields = {{"id", "A1"}, {"type", "huisbezoek"}, {"date", date}};
    return r;
}

// One transaction on `store` writing a new version of A1.
void write_in_transaction(storage::Store& store, const std::string& date) {
    ASSERT_TRUE(store.begin());
    auto delivery = store.start_delivery({"a.ndjson", "ndjson", "hash-" + date, 0});
    ASSERT_TRUE(delivery) << delivery.error().message;
    auto current = store.current(Kind::Activity, "A1");
    ASSERT_TRUE(current) << current.error().message;
    storage::WriteMeta meta;
    meta.delivery = *delivery;
    meta.previous = current->has_value();
    auto written = store.write(activity_on(date), meta);
    ASSERT_TRUE(written) << written.error().message;
    ASSERT_TRUE(store.finish_delivery(*delivery, {}, "committed"));
    ASSERT_TRUE(store.commit());
}

TEST(StoreClock, EachTransactionOfAnOpenConnectionIsStampedWithTheClocksTimeAtItsStart) {
    TestStore t;
    grip::ManualClock clock(1'700'000'000);  // 2023-11-14T22:13:20Z
    t.store().set_clock(clock);

    write_in_transaction(t.store(), "2024-01-02");
    clock.advance(3 * 86'400 + 61);
    write_in_transaction(t.store(), "2024-02-03");

    auto history = t.store().history(Kind::Activity, "A1");
    ASSERT_TRUE(history) << history.error().message;
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].recorded_at, "2023-11-14T22:13:20Z");
    EXPECT_EQ((*history)[1].recorded_at, "2023-11-17T22:14:21Z");
}

TEST(StoreClock, TheTimeIsReadAtTheTransactionsStartNotAtEachWrite) {
    TestStore t;
    grip::ManualClock clock(1'700'000'000);
    t.store().set_clock(clock);

    ASSERT_TRUE(t.store().begin());
    auto delivery = t.store().start_delivery({"a.ndjson", "ndjson", "one-hash", 0});
    ASSERT_TRUE(delivery) << delivery.error().message;
    storage::WriteMeta meta;
    meta.delivery = *delivery;
    ASSERT_TRUE(t.store().write(activity_on("2024-01-02"), meta));
    clock.advance(600);
    meta.previous = true;
    ASSERT_TRUE(t.store().write(activity_on("2024-02-03"), meta));
    ASSERT_TRUE(t.store().commit());

    auto history = t.store().history(Kind::Activity, "A1");
    ASSERT_TRUE(history) << history.error().message;
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].recorded_at, "2023-11-14T22:13:20Z");
    EXPECT_EQ((*history)[1].recorded_at, "2023-11-14T22:13:20Z");
}

}  // namespace
}  // namespace grip::testing
