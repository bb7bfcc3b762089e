#include "casework/working_days.h"

#include <algorithm>

#include <fmt/format.h>

namespace grip::casework {

HolidayCalendar::HolidayCalendar(const std::vector<Date>& holidays) {
    for (const auto& d : holidays) {
        holidays_.insert(d.days());
        first_year_ = holidays_.size() == 1 ? d.year() : std::min(first_year_, d.year());
        last_year_ = holidays_.size() == 1 ? d.year() : std::max(last_year_, d.year());
    }
}

bool HolidayCalendar::is_working_day(Date day) const { return day.weekday() <= 5 && !is_holiday(day); }

Result<Date> HolidayCalendar::add_working_days(Date start, int n) const {
    if (n < 1) return Error::invalid("a deadline needs at least one working day");
    Date day = start;
    for (int counted = 0; counted < n;) {
        day = day + 1;
        if (!covers(day.year()))
            return Error::invalid(fmt::format(
                "the holiday table (catalogue/holidays.json) does not cover {}: add that year's public holidays",
                day.year()));
        if (is_working_day(day)) ++counted;
    }
    return day;
}

}  // namespace grip::casework
