#pragma once
// A date range the indicators can be asked for besides the calendar periods:
// the programme to date, a school year (1 August to 31 July), or any from–to.
// A range is made of whole months (it starts on the first of a month and
// ends on the last day of one), so that its counts and sums are the sums of
// the maintained monthly figures and nothing at its edges needs recounting
// (docs/figures.md, "Date ranges").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace grip::indicators {

// The longest range answered: ten years of months.
inline constexpr int32_t kMaxRangeMonths = 120;

struct DateRange {
    Date first;
    Date last;
    std::string code;  // the catalogue's named range, empty for a custom from–to

    // Checks a from–to: whole months, from before to, at most kMaxRangeMonths.
    static Result<DateRange> of(Date from, Date to, std::string code = {});
    static Result<DateRange> parse(std::string_view from, std::string_view to);
    // The range a calendar period covers.
    static DateRange of_period(const Period& period);

    int32_t first_month() const { return first.month_index(); }
    int32_t last_month() const { return last.month_index(); }
    int32_t months() const { return last_month() - first_month() + 1; }
    // The same range a year earlier: the comparison beside a range's figures.
    DateRange year_earlier() const;
    // The calendar period the range is exactly (2024-01-01..2024-12-31 is 2024).
    std::optional<Period> as_period() const;
    // The range as the fewest calendar periods: whole years, then quarters,
    // then months. Every calendar period inside the range lies inside
    // exactly one of them.
    std::vector<Period> tiles() const;
    bool contains(const Period& p) const { return first <= p.first_day() && p.last_day() <= last; }
    bool contains(Date d) const { return first <= d && d <= last; }
    // "2023-07-01..2026-06-30"
    std::string text() const;

    bool operator==(const DateRange& o) const { return first == o.first && last == o.last; }
};

}  // namespace grip::indicators
