// The two backends written once where they are the same: the portable SQL's
// placeholders, and the guards both backends keep (a case is not written
// under the scope of every municipality). On both backends.

#include <gtest/gtest.h>

#include "storage/portable_sql.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

TEST(PortableSql, NumbersItsPlaceholdersForPostgres) {
    EXPECT_EQ(storage::numbered_placeholders("UPDATE t SET a = ?, b = ? WHERE id = ?"),
              "UPDATE t SET a = $1, b = $2 WHERE id = $3");
    EXPECT_EQ(storage::numbered_placeholders("SELECT 1"), "SELECT 1");
}

TEST(PortableSql, LeavesAQuestionMarkInAStringOrAnIdentifierAlone) {
    EXPECT_EQ(storage::numbered_placeholders("SELECT '?', \"a?\" FROM t WHERE x = ? AND y = 'it''s ?' AND z = ?"),
              "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = 'it''s ?' AND z = $2");
}

storage::CaseRow a_case() {
    storage::CaseRow row;
    row.type = "melding";
    row.subject_kind = "activity";
    row.subject_id = "A-1";
    row.state = "nieuw";
    row.opened_on = "2023-03-01";
    row.state_since = "2023-03-01";
    row.version = 1;
    return row;
}

// SQLite's update_case lacked the guard PostgreSQL's had: under the scope
// of every municipality it answered Conflict (no row of municipality `*`)
// instead of refusing the write.
TEST(StoreBackends, UpdateCaseRefusesTheScopeOfEveryMunicipality) {
    TestStore t;
    auto row = a_case();
    row.id = *t.store().add_case(row);

    ASSERT_TRUE(t.store().set_municipality(storage::kEveryMunicipality).ok());
    auto changed = row;
    changed.state = "afgehandeld";
    changed.version = 2;
    const auto refused = t.store().update_case(changed, 1);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);

    ASSERT_TRUE(t.store().set_municipality("GM0599").ok());
    const auto stored = t.store().case_by_id(row.id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->state, "nieuw");
    EXPECT_EQ((*stored)->version, 1);
    // Under its own municipality the same write passes.
    EXPECT_TRUE(t.store().update_case(changed, 1).ok());
}

// A case and its events read back as written, through the codecs both
// backends share (storage/case_rows.h).
TEST(StoreBackends, ACaseAndItsEventsReadBackAsWritten) {
    TestStore t;
    auto row = a_case();
    row.team = "org-1";
    row.assignee = "anna";
    row.area = "BU05990110";
    row.deadline = "2023-04-01";
    row.data = R"({"linked":["A-2"]})";
    row.id = *t.store().add_case(row);
    storage::CaseEventRow event{row.id, 1, "2023-03-01T10:00:00Z", "anna", "open", "", "nieuw", R"({"note":"x"})"};
    ASSERT_TRUE(t.store().add_case_event(event).ok());

    const auto stored = t.store().case_by_id(row.id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    const auto& c = **stored;
    EXPECT_EQ(c.type, row.type);
    EXPECT_EQ(c.subject_id, row.subject_id);
    EXPECT_EQ(c.team, row.team);
    EXPECT_EQ(c.assignee, row.assignee);
    EXPECT_EQ(c.area, row.area);
    EXPECT_EQ(c.deadline, row.deadline);
    EXPECT_FALSE(c.closed);
    EXPECT_EQ(c.version, 1);
    EXPECT_EQ(c.data, row.data);
    const auto events = t.store().case_events(row.id);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].action, "open");
    EXPECT_EQ((*events)[0].to_state, "nieuw");
    EXPECT_EQ((*events)[0].data, event.data);
}

// The roles of the store: a function that reads figures takes a FigureStore.
int64_t area_count(storage::FigureStore& figures) { return static_cast<int64_t>(figures.areas()->size()); }

TEST(StoreBackends, AStoreIsEachOfItsRoles) {
    TestStore t;
    EXPECT_EQ(area_count(t.store()), 0);
    storage::AccountSecurityRow security{.user = 7, .must_change_password = true, .totp_secret = "c2VhbGVk",
                                         .totp_confirmed = true, .totp_last_step = 42};
    storage::AccountStore& accounts = t.store();
    ASSERT_TRUE(accounts.set_account_security(security).ok());
    const auto read = accounts.account_security(7);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->user, 7);
    EXPECT_TRUE(read->must_change_password);
    EXPECT_EQ(read->totp_secret, "c2VhbGVk");
    EXPECT_TRUE(read->totp_confirmed);
    EXPECT_EQ(read->totp_last_step, 42);
}

}  // namespace
}  // namespace grip::testing
