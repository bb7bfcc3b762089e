// The two backends written once where they are the same: the portable SQL's
// placeholders, and the guards both backends keep (a case is not written
// under the scope of every municipality). On both backends.

#include <gtest/gtest.h>

#include "storage/area_geometry.h"
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

// Under the scope of every municipality (moving and checking a whole store)
// PostgreSQL's reads of cases, editions, signals, boundaries and the
// report's texts saw every municipality's rows and SQLite's saw none. Both
// read through one scope condition now (SqlSession::in_scope), written once
// in storage/.
TEST(StoreBackends, ReadsUnderEveryMunicipalitySeeEveryMunicipality) {
    TestStore t;
    auto row = a_case();
    row.id = *t.store().add_case(row);
    ASSERT_TRUE(t.store().add_case_event({row.id, 1, "2023-03-01T10:00:00Z", "anna", "open", "", "nieuw", "{}"}).ok());
    const storage::ReportEditionRow edition{.year = 2023,
                                            .frozen_at = "2024-01-15T10:00:00Z",
                                            .content_hash = "h",
                                            .content = "{}"};
    const auto edition_id = t.store().add_report_edition(edition);
    ASSERT_TRUE(edition_id.ok());
    const storage::SignalEventRow signal{
        .at = "2024-01-15T10:00:00Z", .kind = "appeared", .period = "2023", .rule = "r1", .content = "{}"};
    ASSERT_TRUE(t.store().add_signal_event(signal).ok());
    ASSERT_TRUE(storage::replace_area_geometries(t.store(), {{"BU05990110", R"({"type":"Polygon"})"}}).ok());
    ASSERT_TRUE(t.store().set_report_text(2023, "intro", "Inleiding").ok());

    ASSERT_TRUE(t.store().set_municipality(storage::kEveryMunicipality).ok());
    const auto stored = t.store().case_by_id(row.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(stored->has_value());
    EXPECT_EQ(t.store().case_events(row.id)->size(), 1u);
    EXPECT_EQ(t.store().cases(storage::CaseFilter{})->size(), 1u);
    EXPECT_EQ(t.store().report_editions(2023)->size(), 1u);
    EXPECT_TRUE(t.store().report_edition(*edition_id)->has_value());
    EXPECT_EQ(t.store().signal_events(0, "2023")->size(), 1u);
    EXPECT_EQ(storage::area_geometries(t.store())->size(), 1u);
    EXPECT_EQ(t.store().report_texts(2023)->size(), 1u);
}

// A reference grant given again keeps the later of its two ends (SQLite
// wrote it with max(), PostgreSQL with greatest(); one statement now).
TEST(StoreBackends, AGrantGivenAgainKeepsItsLaterEnd) {
    TestStore t;
    using records::Kind;
    ASSERT_TRUE(t.store().grant_reference(7, Kind::Person, "P-1", 100, 300).ok());
    ASSERT_TRUE(t.store().grant_reference(7, Kind::Person, "P-1", 110, 200).ok());
    EXPECT_TRUE(*t.store().has_reference_grant(7, Kind::Person, "P-1", 250));
    EXPECT_FALSE(*t.store().has_reference_grant(7, Kind::Person, "P-1", 300));
    EXPECT_FALSE(*t.store().has_reference_grant(7, Kind::Address, "P-1", 250));
    EXPECT_FALSE(*t.store().has_reference_grant(8, Kind::Person, "P-1", 250));
}

// A user's last seen signal never goes back.
TEST(StoreBackends, ASignalVisitNeverGoesBack) {
    TestStore t;
    EXPECT_EQ(*t.store().signal_visit(7), 0);
    ASSERT_TRUE(t.store().set_signal_visit(7, 5).ok());
    ASSERT_TRUE(t.store().set_signal_visit(7, 3).ok());
    EXPECT_EQ(*t.store().signal_visit(7), 5);
}

// An event number taken already is a Conflict on both backends, and the
// texts of a case past retention are replaced on both.
TEST(StoreBackends, ATakenEventNumberIsAConflictAndRetentionErasesCaseTexts) {
    TestStore t;
    auto row = a_case();
    row.data = R"({"note":"x"})";
    row.id = *t.store().add_case(row);
    const storage::CaseEventRow event{row.id, 1, "2023-03-01T10:00:00Z", "anna", "open", "", "nieuw", R"({"n":1})"};
    ASSERT_TRUE(t.store().add_case_event(event).ok());
    const auto again = t.store().add_case_event(event);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);

    ASSERT_TRUE(t.store().erase_case_texts(row.id, "{}").ok());
    EXPECT_EQ((*t.store().case_by_id(row.id))->data, "{}");
    EXPECT_EQ((*t.store().case_events(row.id))[0].data, storage::kErasedCaseText);
}

// The list of cases, written once: each filter, the areas as a JSON list,
// and a limit (none when 0).
TEST(StoreBackends, TheListOfCasesFiltersAlikeOnBothBackends) {
    TestStore t;
    for (const char* area : {"BU05990110", "BU05990111", "BU05990112"}) {
        auto row = a_case();
        row.area = area;
        row.team = area == std::string("BU05990112") ? "org-2" : "org-1";
        ASSERT_TRUE(t.store().add_case(row).ok());
    }
    storage::CaseFilter all;
    EXPECT_EQ(t.store().cases(all)->size(), 3u);
    storage::CaseFilter two_areas;
    two_areas.areas = {"BU05990110", "BU05990112"};
    EXPECT_EQ(t.store().cases(two_areas)->size(), 2u);
    storage::CaseFilter team;
    team.team = "org-1";
    team.limit = 1;
    const auto first = t.store().cases(team);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ((*first)[0].area, "BU05990110");
    team.after_id = (*first)[0].id;
    EXPECT_EQ((*t.store().cases(team))[0].area, "BU05990111");
}

// The roles of the store: a function that reads figures takes a FigureStore.
int64_t area_count(storage::FigureStore& figures) { return static_cast<int64_t>(figures.areas()->size()); }

TEST(StoreBackends, AStoreIsEachOfItsRoles) {
    TestStore t;
    EXPECT_EQ(area_count(t.store()), 0);
    storage::AccountSecurityRow security{.user = 7,
                                         .must_change_password = true,
                                         .totp_secret = "c2VhbGVk",
                                         .totp_confirmed = true,
                                         .totp_last_step = 42};
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
