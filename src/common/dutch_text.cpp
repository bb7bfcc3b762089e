#include "common/dutch_text.h"

#include <array>
#include <string_view>

namespace grip {

namespace {

constexpr std::array<std::string_view, 21> kNumberWords = {
    "nul",      "een",      "twee",    "drie",      "vier",     "vijf",      "zes",
    "zeven",    "acht",     "negen",   "tien",      "elf",      "twaalf",    "dertien",
    "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig",
};

constexpr std::array<std::string_view, 12> kMonthNames = {
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december",
};

std::string two_digits(unsigned n) {
    std::string s = std::to_string(n);
    return s.size() < 2 ? "0" + s : s;
}

}  // namespace

std::string dutch_digits(int64_t n) {
    // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
    const bool negative = n < 0;
    const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
    const std::string digits = std::to_string(magnitude);

    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    if (negative) out += '-';
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

std::string dutch_number(int64_t n) {
    if (n >= 1 && n <= 20) return std::string(kNumberWords[static_cast<size_t>(n)]);
    return dutch_digits(n);
}

std::string dutch_number_word(int n) {
    if (n >= 0 && n <= 20) return std::string(kNumberWords[static_cast<size_t>(n)]);
    return dutch_digits(n);
}

std::string dutch_month_name(unsigned month) {
    if (month < 1 || month > 12) return {};
    return std::string(kMonthNames[month - 1]);
}

std::string dutch_date(int year, unsigned month, unsigned day) {
    if (month < 1 || month > 12) {
        return std::to_string(year) + "-" + two_digits(month) + "-" + two_digits(day);
    }
    return std::to_string(day) + " " + dutch_month_name(month) + " " + std::to_string(year);
}

std::string dutch_list(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += (i + 1 == parts.size()) ? " en " : ", ";
        out += parts[i];
    }
    return out;
}

std::string dutch_percentage(int64_t pct) { return dutch_digits(pct) + "%"; }

}  // namespace grip
