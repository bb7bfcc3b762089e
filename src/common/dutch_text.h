#pragma once
// Dutch house style for numbers, dates and enumerations in the report.
// The report reads like a letter written by hand: "zeven integrale controles",
// "1.234 bezoekers", "12 september 2024", "financieel, juridisch en wonen".

#include <cstdint>
#include <string>
#include <vector>

namespace grip {

// A number as it stands in running text: one to twenty in words ("een" ...
// "twintig"), every other number in digits with a dot as thousands separator
// ("0", "21", "1.234", "-5"). Zero stays a digit because "geen" or "nul"
// reads wrongly in most generated sentences ("0 meldingen" vs "geen meldingen"
// is a choice the sentence must make, not the number).
std::string dutch_number(int64_t n);

// The word for 0..20 ("nul", "een", ... "twintig"); other numbers fall back to
// dutch_digits, so the result is never empty.
std::string dutch_number_word(int n);

// Digits with a dot as thousands separator: "7", "1.234", "-10.000". Tables
// use this form for every number.
std::string dutch_digits(int64_t n);

// "januari" .. "december"; an empty string for a month outside 1..12.
std::string dutch_month_name(unsigned month);

// "12 september 2024". A month outside 1..12 gives the ISO form "2024-13-12"
// so that a bad date is visible rather than silently dropped.
std::string dutch_date(int year, unsigned month, unsigned day);

// "a", "a en b", "a, b en c"; an empty list gives "".
std::string dutch_list(const std::vector<std::string>& parts);

// "12%", "1.250%", "-3%" (Dutch style writes the sign without a space).
std::string dutch_percentage(int64_t pct);

}  // namespace grip
