// Unit tests of the pure parts of the domain: periods, the BSN eleven test,
// postcodes, the area hierarchy, distinct-count bookkeeping, pseudonyms.

#include <gtest/gtest.h>

#include "common/date.h"
#include "indicators/area_tree.h"
#include "indicators/cells.h"
#include "privacy/keyring.h"
#include "records/bsn.h"
#include "records/validator.h"

namespace grip {
namespace {

TEST(Period, ParsesAndPrintsEveryKind) {
    EXPECT_EQ(Period::parse("2023")->text(), "2023");
    EXPECT_EQ(Period::parse("2023-Q2")->text(), "2023-Q2");
    EXPECT_EQ(Period::parse("2023-05")->text(), "2023-05");
    EXPECT_FALSE(Period::parse("2023-Q5"));
    EXPECT_FALSE(Period::parse("2023-13"));
    EXPECT_FALSE(Period::parse("23"));
    EXPECT_FALSE(Period::parse("2023-5"));
}

TEST(Period, KnowsItsDaysAndItsPredecessor) {
    const auto q1 = *Period::parse("2024-Q1");
    EXPECT_EQ(q1.first_day().iso(), "2024-01-01");
    EXPECT_EQ(q1.last_day().iso(), "2024-03-31");
    EXPECT_EQ(q1.previous().text(), "2023-Q4");
    EXPECT_EQ(Period::parse("2024-02")->last_day().iso(), "2024-02-29");
    EXPECT_EQ(Period::parse("2023-02")->last_day().iso(), "2023-02-28");
    EXPECT_EQ(Period::parse("2024-01")->previous().text(), "2023-12");
    EXPECT_EQ(Period::parse("2024")->previous().text(), "2023");
    EXPECT_TRUE(Period::parse("2023")->contains(*Period::parse("2023-Q3")));
    EXPECT_FALSE(Period::parse("2023-Q1")->contains(*Period::parse("2023")));
    for (const char* p : {"2023", "2023-Q4", "2023-11"})
        EXPECT_EQ(Period::from_key(Period::parse(p)->key())->text(), p);
}

TEST(Date, RejectsImpossibleDaysAndCountsWeekdays) {
    EXPECT_TRUE(Date::parse("2024-02-29"));
    EXPECT_FALSE(Date::parse("2023-02-29"));
    EXPECT_FALSE(Date::parse("2023-04-31"));
    EXPECT_FALSE(Date::parse("2023-4-01"));
    EXPECT_EQ(Date::parse("2023-12-31")->iso(), "2023-12-31");
    EXPECT_EQ(Date::parse("2026-11-29")->weekday(), 7u);  // a Sunday
    EXPECT_EQ((*Date::parse("2023-12-31") + 1).iso(), "2024-01-01");
}

TEST(Bsn, ElevenTest) {
    EXPECT_TRUE(records::is_valid_bsn("111222333"));
    EXPECT_TRUE(records::is_valid_bsn("123456782"));
    EXPECT_FALSE(records::is_valid_bsn("123456789"));
    EXPECT_FALSE(records::is_valid_bsn("000000000"));
    EXPECT_FALSE(records::is_valid_bsn("12345678"));
    EXPECT_FALSE(records::is_valid_bsn("12345678a"));
}

TEST(Postcode, IsNormalised) {
    EXPECT_EQ(records::normalise_postcode("3081 ab"), "3081AB");
    EXPECT_EQ(records::normalise_postcode("3081AB"), "3081AB");
    EXPECT_EQ(records::normalise_postcode("0081AB"), "");
    EXPECT_EQ(records::normalise_postcode("3081 A"), "");
    EXPECT_EQ(records::normalise_postcode("30 81AB"), "");
}

indicators::AreaTree city() {
    return indicators::AreaTree({
        {1, "GM0599", "Rotterdam", "gemeente", "", false, 0},
        {2, "WK059915", "Charlois", "wijk", "GM0599", false, 0},
        {3, "BU05991571", "Tarwewijk", "buurt", "WK059915", true, 0},
        {4, "BU05991579", "Zuidwijk", "buurt", "WK059915", false, 0},
    });
}

TEST(AreaTree, AnActivityCountsInItsBuurtItsWijkTheCityAndItsGroup) {
    const auto tree = city();
    std::vector<int32_t> keys;
    tree.keys_for(3, keys);
    EXPECT_EQ(keys, (std::vector<int32_t>{indicators::kAreaAll, 3, 2, indicators::kAreaPriority}));
    keys.clear();
    tree.keys_for(4, keys);
    EXPECT_EQ(keys, (std::vector<int32_t>{indicators::kAreaAll, 4, 2, indicators::kAreaRest}));
    keys.clear();
    tree.keys_for(2, keys);  // a wijk is priority only through its buurten
    EXPECT_EQ(keys, (std::vector<int32_t>{indicators::kAreaAll, 2, indicators::kAreaRest}));
    keys.clear();
    tree.keys_for(0, keys);  // no area: the city only
    EXPECT_EQ(keys, (std::vector<int32_t>{indicators::kAreaAll}));
    EXPECT_EQ(tree.key_for_request("GM0599"), indicators::kAreaAll);
    EXPECT_EQ(tree.key_for_request("priority"), indicators::kAreaPriority);
    EXPECT_EQ(tree.key_for_request("WK059915"), 2);
    EXPECT_FALSE(tree.key_for_request("BU99999999"));
}

TEST(DistinctCounts, ASubjectIsCountedOncePerCellWhateverItsNumberOfActivities) {
    const auto tree = city();
    indicators::CellDeltas cells;
    std::vector<indicators::MemberRow> rows;
    const int32_t jan = 2023 * 12, feb = 2023 * 12 + 1;
    apply_member_change(7, rows, jan, 3, +1, tree, cells);  // Tarwewijk, January
    apply_member_change(7, rows, jan, 3, +1, tree, cells);  // again: no change
    apply_member_change(7, rows, feb, 4, +1, tree, cells);  // Zuidwijk, February
    auto at = [&](const char* period, int32_t area) {
        return cells[indicators::CellKey{7, Period::parse(period)->key(), area, {}}];
    };
    EXPECT_EQ(at("2023", indicators::kAreaAll), 1);
    EXPECT_EQ(at("2023", 2), 1);  // the wijk: one person
    EXPECT_EQ(at("2023", 3), 1);
    EXPECT_EQ(at("2023", 4), 1);
    EXPECT_EQ(at("2023-01", indicators::kAreaAll), 1);
    EXPECT_EQ(at("2023-02", indicators::kAreaAll), 1);
    EXPECT_EQ(at("2023-Q1", indicators::kAreaAll), 1);
    EXPECT_EQ(at("2023", indicators::kAreaPriority), 1);
    EXPECT_EQ(at("2023", indicators::kAreaRest), 1);
    // Removing one of the two January visits keeps the person counted.
    apply_member_change(7, rows, jan, 3, -1, tree, cells);
    EXPECT_EQ(at("2023-01", 3), 1);
    // Removing the last one leaves February: the year still counts one.
    apply_member_change(7, rows, jan, 3, -1, tree, cells);
    EXPECT_EQ(at("2023-01", 3), 0);
    EXPECT_EQ(at("2023", indicators::kAreaAll), 1);
    EXPECT_EQ(at("2023", indicators::kAreaPriority), 0);
    EXPECT_EQ(at("2023", 2), 1);
}

TEST(Keyring, PseudonymsDependOnTheKeyAndTheDomain) {
    privacy::Keyring::Key a{}, b{};
    b[0] = 1;
    const auto ka = privacy::Keyring::from_master(a);
    const auto kb = privacy::Keyring::from_master(b);
    EXPECT_EQ(ka.pseudonym("bsn", "111222333"), ka.pseudonym("bsn", "111222333"));
    EXPECT_NE(ka.pseudonym("bsn", "111222333"), kb.pseudonym("bsn", "111222333"));
    EXPECT_NE(ka.pseudonym("bsn", "111222333"), ka.pseudonym("address", "111222333"));
    EXPECT_NE(ka.pseudonym("bsn", "111222333"), ka.pseudonym("bsn", "123456782"));
}

TEST(Keyring, SealedDataOpensOnlyWithItsKey) {
    privacy::Keyring::Key a{}, b{};
    b[0] = 1;
    const auto ka = privacy::Keyring::from_master(a);
    const auto kb = privacy::Keyring::from_master(b);
    const auto sealed = ka.seal("{\"bsn\":\"111222333\"}");
    EXPECT_EQ(sealed.find("111222333"), std::string::npos);
    EXPECT_EQ(*ka.unseal(sealed), "{\"bsn\":\"111222333\"}");
    EXPECT_FALSE(kb.unseal(sealed));
    EXPECT_NE(ka.seal("x"), ka.seal("x"));  // a fresh nonce each time
}

}  // namespace
}  // namespace grip
