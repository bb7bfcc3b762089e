#pragma once
// Calendar dates and the reporting periods of the programme (year, quarter,
// month). Dates are whole days; no time zones are involved.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grip {

// A calendar date stored as days since 1970-01-01 (proleptic Gregorian).
class Date {
public:
    constexpr Date() = default;
    static std::optional<Date> parse(std::string_view iso);  // YYYY-MM-DD, strict
    static Date from_ymd(int year, unsigned month, unsigned day);
    static constexpr Date from_days(int32_t days) { return Date(days); }

    int32_t days() const { return days_; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    // 1 = Monday ... 7 = Sunday (ISO 8601).
    unsigned weekday() const;
    // Months since year 0: year * 12 + (month - 1). Used as a compact key.
    int32_t month_index() const { return year() * 12 + static_cast<int32_t>(month()) - 1; }
    std::string iso() const;

    Date operator+(int32_t d) const { return Date(days_ + d); }
    Date operator-(int32_t d) const { return Date(days_ - d); }
    // clang-tidy 14 takes the defaulted comparison's implicit 0 for a null pointer.
    // NOLINTNEXTLINE(modernize-use-nullptr)
    auto operator<=>(const Date&) const = default;

private:
    constexpr explicit Date(int32_t days) : days_(days) {}
    int32_t days_ = 0;
};

// Seconds since the Unix epoch as UTC ISO 8601 ("2026-12-06T14:47:35Z"): a
// time as the API, the delivery calendar and the report write it.
std::string utc_stamp(int64_t seconds);

enum class PeriodKind { Year, Quarter, Month };

// A reporting period: 2023, 2023-Q2 or 2023-05.
class Period {
public:
    static std::optional<Period> parse(std::string_view text);
    static Period year_of(int year) { return Period(PeriodKind::Year, year, 0); }
    static Period quarter_of(int year, int quarter) { return Period(PeriodKind::Quarter, year, quarter); }
    static Period month_of(int year, int month) { return Period(PeriodKind::Month, year, month); }

    PeriodKind kind() const { return kind_; }
    int year() const { return year_; }
    // The quarter (1-4) or month (1-12); 0 for a year.
    int index() const { return index_; }

    Date first_day() const;
    Date last_day() const;
    int32_t first_month_index() const;
    int32_t last_month_index() const;
    bool contains(Date d) const { return d >= first_day() && d <= last_day(); }
    bool contains(const Period& other) const;
    // The period of the same length just before this one: 2023-Q1 -> 2022-Q4.
    Period previous() const;
    std::string text() const;
    // A compact integer key, unique per period: year*100 + (0 | 90+q | month).
    int32_t key() const;
    static std::optional<Period> from_key(int32_t key);

    // The month, quarter and year a given month index falls in, for keys.
    static Period month_at(int32_t month_index);

    // NOLINTNEXTLINE(modernize-use-nullptr): as for Date.
    auto operator<=>(const Period&) const = default;

private:
    Period(PeriodKind k, int y, int i) : kind_(k), year_(y), index_(i) {}
    PeriodKind kind_ = PeriodKind::Year;
    int year_ = 0;
    int index_ = 0;
};

}  // namespace grip
