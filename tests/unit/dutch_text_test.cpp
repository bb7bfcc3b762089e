#include "common/dutch_text.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace grip {
namespace {

TEST(DutchNumber, OneToTwentyAreWords) {
    const char* words[] = {"een",      "twee",    "drie",      "vier",     "vijf",      "zes",     "zeven",
                           "acht",     "negen",   "tien",      "elf",      "twaalf",    "dertien", "veertien",
                           "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"};
    for (int64_t n = 1; n <= 20; ++n) EXPECT_EQ(dutch_number(n), words[n - 1]) << n;
}

TEST(DutchNumber, OtherNumbersAreDigitsWithThousandsDots) {
    EXPECT_EQ(dutch_number(0), "0");
    EXPECT_EQ(dutch_number(21), "21");
    EXPECT_EQ(dutch_number(999), "999");
    EXPECT_EQ(dutch_number(1000), "1.000");
    EXPECT_EQ(dutch_number(1234), "1.234");
    EXPECT_EQ(dutch_number(10000), "10.000");
    EXPECT_EQ(dutch_number(638712), "638.712");
    EXPECT_EQ(dutch_number(1234567), "1.234.567");
}

TEST(DutchNumber, NegativesAreDigits) {
    EXPECT_EQ(dutch_number(-1), "-1");
    EXPECT_EQ(dutch_number(-20), "-20");
    EXPECT_EQ(dutch_number(-1234), "-1.234");
    EXPECT_EQ(dutch_number(std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
}

TEST(DutchNumberWord, ZeroToTwentyThenDigits) {
    EXPECT_EQ(dutch_number_word(0), "nul");
    EXPECT_EQ(dutch_number_word(7), "zeven");
    EXPECT_EQ(dutch_number_word(20), "twintig");
    EXPECT_EQ(dutch_number_word(21), "21");
    EXPECT_EQ(dutch_number_word(-3), "-3");
}

TEST(DutchDigits, TablesUseDigitsOnly) {
    EXPECT_EQ(dutch_digits(7), "7");
    EXPECT_EQ(dutch_digits(100), "100");
    EXPECT_EQ(dutch_digits(100000), "100.000");
    EXPECT_EQ(dutch_digits(-100000), "-100.000");
}

TEST(DutchMonth, Names) {
    EXPECT_EQ(dutch_month_name(1), "januari");
    EXPECT_EQ(dutch_month_name(3), "maart");
    EXPECT_EQ(dutch_month_name(5), "mei");
    EXPECT_EQ(dutch_month_name(12), "december");
    EXPECT_EQ(dutch_month_name(0), "");
    EXPECT_EQ(dutch_month_name(13), "");
}

TEST(DutchDate, DayMonthYear) {
    EXPECT_EQ(dutch_date(2024, 9, 12), "12 september 2024");
    EXPECT_EQ(dutch_date(2026, 1, 1), "1 januari 2026");
    EXPECT_EQ(dutch_date(2024, 13, 2), "2024-13-02");
}

TEST(DutchList, JoinsWithCommasAndEn) {
    EXPECT_EQ(dutch_list({}), "");
    EXPECT_EQ(dutch_list({"a"}), "a");
    EXPECT_EQ(dutch_list({"a", "b"}), "a en b");
    EXPECT_EQ(dutch_list({"a", "b", "c"}), "a, b en c");
    EXPECT_EQ(dutch_list({"Carnisse", "Oud Mathenesse", "Tarwewijk", "Oud-Charlois"}),
              "Carnisse, Oud Mathenesse, Tarwewijk en Oud-Charlois");
}

TEST(DutchPercentage, DigitsAndSign) {
    EXPECT_EQ(dutch_percentage(12), "12%");
    EXPECT_EQ(dutch_percentage(0), "0%");
    EXPECT_EQ(dutch_percentage(7), "7%");  // percentages stay digits, also below 21
    EXPECT_EQ(dutch_percentage(-3), "-3%");
}

}  // namespace
}  // namespace grip
