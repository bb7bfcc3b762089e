#pragma once
// Working days for the deadlines of casework: Monday to Friday, except the
// public holidays of the catalogue's table (catalogue/holidays.json).

#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace grip::casework {

class HolidayCalendar {
public:
    HolidayCalendar() = default;
    // The days and the years the table covers (first to last listed year).
    explicit HolidayCalendar(const std::vector<Date>& holidays);

    bool is_holiday(Date day) const { return holidays_.count(day.days()) != 0; }
    bool is_working_day(Date day) const;
    // Whether the table lists the holidays of that year.
    bool covers(int year) const { return year >= first_year_ && year <= last_year_; }

    // The `n`th working day after `start` (n >= 1): the deadline of a state
    // entered on `start` with n working days. Refused when the days counted
    // run past the years the table covers, rather than guessed.
    Result<Date> add_working_days(Date start, int n) const;

private:
    std::set<int32_t> holidays_;
    int first_year_ = 0, last_year_ = -1;
};

}  // namespace grip::casework
