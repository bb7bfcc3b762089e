#include "common/date.h"

#include <charconv>

#include <fmt/format.h>

namespace grip {
namespace {

// Howard Hinnant's civil-from-days algorithms (public domain), reimplemented.
int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m;
    unsigned d;
};

Civil civil_from_days(int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
    static constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : table[m - 1];
}

std::optional<int> parse_digits(std::string_view s) {
    if (s.empty()) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::optional<Date> Date::parse(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
    auto y = parse_digits(iso.substr(0, 4));
    auto m = parse_digits(iso.substr(5, 2));
    auto d = parse_digits(iso.substr(8, 2));
    if (!y || !m || !d || *y < 1900 || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
    if (static_cast<unsigned>(*d) > days_in_month(*y, static_cast<unsigned>(*m))) return std::nullopt;
    return from_ymd(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

Date Date::from_ymd(int year, unsigned month, unsigned day) { return Date(days_from_civil(year, month, day)); }
int Date::year() const { return civil_from_days(days_).y; }
unsigned Date::month() const { return civil_from_days(days_).m; }
unsigned Date::day() const { return civil_from_days(days_).d; }
unsigned Date::weekday() const {
    // 1970-01-01 was a Thursday (4).
    const int32_t w = ((days_ % 7) + 7 + 3) % 7;  // 0 = Monday
    return static_cast<unsigned>(w) + 1;
}
std::string Date::iso() const {
    const Civil c = civil_from_days(days_);
    return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

std::string utc_stamp(int64_t seconds) {
    const Date day = Date::from_days(static_cast<int32_t>(seconds / 86400));
    const int64_t s = seconds % 86400;
    return fmt::format("{}T{:02}:{:02}:{:02}Z", day.iso(), s / 3600, s / 60 % 60, s % 60);
}

std::optional<Period> Period::parse(std::string_view text) {
    if (text.size() < 4) return std::nullopt;
    auto y = parse_digits(text.substr(0, 4));
    if (!y || *y < 1900) return std::nullopt;
    if (text.size() == 4) return year_of(*y);
    if (text[4] != '-') return std::nullopt;
    if (text.size() == 7 && (text[5] == 'Q' || text[5] == 'q')) {
        auto q = parse_digits(text.substr(6, 1));
        if (!q || *q < 1 || *q > 4) return std::nullopt;
        return quarter_of(*y, *q);
    }
    if (text.size() == 7) {
        auto m = parse_digits(text.substr(5, 2));
        if (!m || *m < 1 || *m > 12) return std::nullopt;
        return month_of(*y, *m);
    }
    return std::nullopt;
}

int32_t Period::first_month_index() const {
    switch (kind_) {
        case PeriodKind::Year: return year_ * 12;
        case PeriodKind::Quarter: return year_ * 12 + (index_ - 1) * 3;
        case PeriodKind::Month: return year_ * 12 + index_ - 1;
    }
    return 0;
}

int32_t Period::last_month_index() const {
    switch (kind_) {
        case PeriodKind::Year: return year_ * 12 + 11;
        case PeriodKind::Quarter: return year_ * 12 + (index_ - 1) * 3 + 2;
        case PeriodKind::Month: return year_ * 12 + index_ - 1;
    }
    return 0;
}

Date Period::first_day() const {
    const int32_t mi = first_month_index();
    return Date::from_ymd(mi / 12, static_cast<unsigned>(mi % 12) + 1, 1);
}

Date Period::last_day() const {
    const int32_t mi = last_month_index();
    const int y = mi / 12;
    const unsigned m = static_cast<unsigned>(mi % 12) + 1;
    return Date::from_ymd(y, m, days_in_month(y, m));
}

bool Period::contains(const Period& other) const {
    return other.first_month_index() >= first_month_index() && other.last_month_index() <= last_month_index();
}

Period Period::previous() const {
    switch (kind_) {
        case PeriodKind::Year: return year_of(year_ - 1);
        case PeriodKind::Quarter: return index_ == 1 ? quarter_of(year_ - 1, 4) : quarter_of(year_, index_ - 1);
        case PeriodKind::Month: return index_ == 1 ? month_of(year_ - 1, 12) : month_of(year_, index_ - 1);
    }
    return *this;
}

std::string Period::text() const {
    switch (kind_) {
        case PeriodKind::Year: return fmt::format("{:04}", year_);
        case PeriodKind::Quarter: return fmt::format("{:04}-Q{}", year_, index_);
        case PeriodKind::Month: return fmt::format("{:04}-{:02}", year_, index_);
    }
    return {};
}

int32_t Period::key() const {
    switch (kind_) {
        case PeriodKind::Year: return year_ * 100;
        case PeriodKind::Quarter: return year_ * 100 + 90 + index_;
        case PeriodKind::Month: return year_ * 100 + index_;
    }
    return 0;
}

std::optional<Period> Period::from_key(int32_t key) {
    const int y = key / 100;
    const int r = key % 100;
    if (r == 0) return year_of(y);
    if (r >= 91 && r <= 94) return quarter_of(y, r - 90);
    if (r >= 1 && r <= 12) return month_of(y, r);
    return std::nullopt;
}

Period Period::month_at(int32_t month_index) { return month_of(month_index / 12, month_index % 12 + 1); }

}  // namespace grip
