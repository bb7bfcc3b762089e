#pragma once
// ISO text of dates, looked up instead of formatted: every activity line
// carries a date, and a table of a few thousand days is cheaper than
// converting days to a civil date ten million times.

#include <array>
#include <string_view>
#include <vector>

#include "common/date.h"

namespace grip::generator {

class DateText {
public:
    // Covers 1 January of first_year up to 31 December of last_year.
    DateText(int first_year, int last_year);
    std::string_view operator()(Date d) const;

private:
    Date first_;
    std::vector<std::array<char, 10>> text_;
};

}  // namespace grip::generator
