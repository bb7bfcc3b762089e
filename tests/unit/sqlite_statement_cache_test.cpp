// The SQLite connection keeps its prepared statements by SQL text: a value in
// the text (a page size from 1 to 500) would make a new statement for each
// value and fill the cache. Values are bound parameters.

#include <gtest/gtest.h>

#include "records/kind.h"
#include "storage/sqlite/sqlite_store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

TEST(SqliteStatementCache, APageSizeIsAParameterNotANewStatement) {
    TempDir dir;
    auto store = storage::sqlite::SqliteStore::open((dir / "grip.db").string(), "GM0599");
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->list_current(records::Kind::Activity, {}, "", 1).ok());
    const size_t kept = (*store)->cached_statements();
    for (int limit = 2; limit <= 40; ++limit) {
        auto page = (*store)->list_current(records::Kind::Activity, {}, "", limit);
        ASSERT_TRUE(page.ok()) << page.error().message;
    }
    EXPECT_EQ((*store)->cached_statements(), kept);
}

}  // namespace
}  // namespace grip::testing
