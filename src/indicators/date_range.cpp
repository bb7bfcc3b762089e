#include "indicators/date_range.h"

#include <fmt/format.h>

namespace grip::indicators {

Result<DateRange> DateRange::of(Date from, Date to, std::string code) {
    if (from.day() != 1) return Error::invalid("a range starts on the first day of a month (from=YYYY-MM-01)");
    if ((to + 1).day() != 1) return Error::invalid("a range ends on the last day of a month (to=YYYY-MM-28..31)");
    if (to < from) return Error::invalid("a range's from comes before its to");
    DateRange r{from, to, std::move(code)};
    if (r.months() > kMaxRangeMonths)
        return Error::invalid(fmt::format("a range is at most {} months long", kMaxRangeMonths));
    return r;
}

Result<DateRange> DateRange::parse(std::string_view from, std::string_view to) {
    const auto f = Date::parse(from);
    const auto t = Date::parse(to);
    if (!f || !t) return Error::invalid("a range needs from and to as YYYY-MM-DD");
    return of(*f, *t);
}

DateRange DateRange::of_period(const Period& period) { return DateRange{period.first_day(), period.last_day(), {}}; }

DateRange DateRange::year_earlier() const {
    const Date f = Date::from_ymd(first.year() - 1, first.month(), 1);
    // The last day of the same month a year earlier (28 February after a 29th).
    const Date t = Period::month_of(last.year() - 1, static_cast<int>(last.month())).last_day();
    return DateRange{f, t, {}};
}

std::optional<Period> DateRange::as_period() const {
    const auto t = tiles();
    if (t.size() == 1) return t.front();
    return std::nullopt;
}

std::vector<Period> DateRange::tiles() const {
    std::vector<Period> out;
    int32_t m = first_month();
    const int32_t end = last_month();
    while (m <= end) {
        const int year = m / 12;
        const int month = m % 12 + 1;
        if (month == 1 && m + 11 <= end) {
            out.push_back(Period::year_of(year));
            m += 12;
        } else if ((month - 1) % 3 == 0 && m + 2 <= end) {
            out.push_back(Period::quarter_of(year, (month - 1) / 3 + 1));
            m += 3;
        } else {
            out.push_back(Period::month_of(year, month));
            m += 1;
        }
    }
    return out;
}

std::string DateRange::text() const { return fmt::format("{}..{}", first.iso(), last.iso()); }

}  // namespace grip::indicators
