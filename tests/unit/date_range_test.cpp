// Date ranges: whole months, their calendar tiles and the same range a year
// earlier (indicators/date_range.h).

#include <gtest/gtest.h>

#include "indicators/date_range.h"

namespace grip::indicators {
namespace {

std::vector<std::string> period_texts(const std::vector<Period>& periods) {
    std::vector<std::string> out;
    for (const auto& p : periods) out.push_back(p.text());
    return out;
}

TEST(DateRange, IsMadeOfWholeMonths) {
    EXPECT_TRUE(DateRange::parse("2023-07-01", "2026-06-30"));
    EXPECT_TRUE(DateRange::parse("2024-02-01", "2024-02-29"));
    EXPECT_FALSE(DateRange::parse("2023-07-02", "2026-06-30"));
    EXPECT_FALSE(DateRange::parse("2023-07-01", "2026-06-29"));
    EXPECT_FALSE(DateRange::parse("2023-02-01", "2023-02-29"));  // not a date
    EXPECT_FALSE(DateRange::parse("2024-07-01", "2023-06-30"));
    EXPECT_FALSE(DateRange::parse("2010-01-01", "2030-12-31"));  // longer than ten years
    EXPECT_FALSE(DateRange::parse("", "2024-01-31"));
}

TEST(DateRange, TilesAreTheFewestCalendarPeriods) {
    auto programme = DateRange::parse("2023-07-01", "2026-06-30");
    ASSERT_TRUE(programme);
    EXPECT_EQ(period_texts(programme->tiles()),
              (std::vector<std::string>{"2023-Q3", "2023-Q4", "2024", "2025", "2026-Q1", "2026-Q2"}));
    auto school = DateRange::parse("2024-08-01", "2025-07-31");
    ASSERT_TRUE(school);
    EXPECT_EQ(period_texts(school->tiles()),
              (std::vector<std::string>{"2024-08", "2024-09", "2024-Q4", "2025-Q1", "2025-Q2", "2025-07"}));
    EXPECT_EQ(school->months(), 12);
    EXPECT_FALSE(school->as_period());
    auto year = DateRange::parse("2024-01-01", "2024-12-31");
    ASSERT_TRUE(year);
    ASSERT_TRUE(year->as_period());
    EXPECT_EQ(year->as_period()->text(), "2024");
}

TEST(DateRange, ComparesWithTheSameRangeAYearEarlier) {
    auto r = DateRange::parse("2023-09-01", "2024-02-29");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->year_earlier().text(), "2022-09-01..2023-02-28");
    EXPECT_EQ(r->text(), "2023-09-01..2024-02-29");
}

}  // namespace
}  // namespace grip::indicators
