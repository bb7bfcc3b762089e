// The parts of signals that are pure: the exact tests of growth (Boost.Math),
// Holm's correction, the Dutch words of an explanation, the periods a rule
// compares with, and the catalogue's check of its signal rules with their
// JSON paths.

#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "catalogue/catalogue_loader.h"
#include "signals/evaluate.h"
#include "signals/explanation.h"
#include "signals/growth_test.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
using catalogue::SignalTest;

TEST(SignalTests, ExactTestsOfGrowth) {
    // 42 against 14: given 56, Binomial(56, 1/2) at least 42.
    const double p = signals::growth_p_value(SignalTest::Binomial, 42, 14, 1);
    EXPECT_GT(p, 5e-5);
    EXPECT_LT(p, 2e-4);
    // Equal counts are no growth at all; fewer still less.
    EXPECT_GT(signals::growth_p_value(SignalTest::Binomial, 14, 14, 1), 0.5);
    EXPECT_GT(signals::growth_p_value(SignalTest::Binomial, 10, 14, 1), 0.8);
    EXPECT_EQ(signals::growth_p_value(SignalTest::Binomial, 0, 14, 1), 1.0);
    // Small exact case: 3 against 0, Binomial(3, 1/2) >= 3 = 1/8.
    EXPECT_NEAR(signals::growth_p_value(SignalTest::Binomial, 3, 0, 1), 0.125, 1e-12);
    // Against the mean of three periods: Binomial(n, 1/4).
    EXPECT_NEAR(signals::growth_p_value(SignalTest::Binomial, 2, 0, 3), 1.0 / 16, 1e-12);
    // Poisson against a known mean of 14: P(X >= 42), far smaller than the
    // binomial's, which allows for noise in the baseline too.
    const double poisson = signals::growth_p_value(SignalTest::Poisson, 42, 14, 1);
    EXPECT_LT(poisson, 1e-7);
    EXPECT_LT(poisson, p);
    // P(Poisson(2) >= 1) = 1 - e^-2.
    EXPECT_NEAR(signals::growth_p_value(SignalTest::Poisson, 1, 2, 1), 1 - std::exp(-2.0), 1e-12);
}

TEST(SignalTests, HolmAdjustsForTheNumberOfAreas) {
    const auto adjusted = signals::holm_adjusted({0.01, 0.04, 0.03, 0.5});
    ASSERT_EQ(adjusted.size(), 4u);
    EXPECT_NEAR(adjusted[0], 0.04, 1e-12);  // 4 x 0.01
    EXPECT_NEAR(adjusted[2], 0.09, 1e-12);  // 3 x 0.03
    EXPECT_NEAR(adjusted[1], 0.09, 1e-12);  // max(2 x 0.04, 0.09): never below an earlier step
    EXPECT_NEAR(adjusted[3], 0.5, 1e-12);
    EXPECT_EQ(signals::holm_adjusted({0.9, 0.8})[0], 1.0);
    EXPECT_TRUE(signals::holm_adjusted({}).empty());
}

TEST(SignalWords, AnExplanationInDutch) {
    EXPECT_EQ(signals::explanation("Meldingen overbewoning", "Tarwewijk", 42, Period::year_of(2023), "14 in 2022", 14,
                                   0.0004),
              "Meldingen overbewoning in Tarwewijk: 42 in 2023 tegen 14 in 2022, drie keer zo veel; de kans dat dit "
              "toeval is, is kleiner dan 1 op 1.000.");
    EXPECT_EQ(signals::growth_words(28, 20), "40% meer");
    EXPECT_EQ(signals::growth_words(40, 20), "twee keer zo veel");
    EXPECT_EQ(signals::growth_words(12, 0), "waar eerder geen waren");
    EXPECT_EQ(signals::chance_words(0.004), "ongeveer 1 op 250");
    EXPECT_EQ(signals::chance_words(0.00000002), "kleiner dan 1 op 10.000.000");
    EXPECT_EQ(signals::dutch_period(*Period::parse("2023-Q2")), "het tweede kwartaal van 2023");
    EXPECT_EQ(signals::dutch_period(*Period::parse("2023-03")), "maart 2023");
}

TEST(SignalRules, BaselinePeriods) {
    catalogue::SignalRule year_before;
    EXPECT_EQ(signals::baseline_periods(year_before, *Period::parse("2023-Q2")),
              std::vector<Period>{*Period::parse("2022-Q2")});
    EXPECT_EQ(signals::baseline_periods(year_before, *Period::parse("2023-03")),
              std::vector<Period>{*Period::parse("2022-03")});
    catalogue::SignalRule mean;
    mean.baseline = catalogue::Baseline::MeanOfPrevious;
    mean.periods = 3;
    EXPECT_EQ(signals::baseline_periods(mean, *Period::parse("2023-02")),
              (std::vector<Period>{*Period::parse("2023-01"), *Period::parse("2022-12"), *Period::parse("2022-11")}));
}

TEST(SignalRules, TheCatalogueChecksItsSignalRulesWithTheirPaths) {
    const auto& shipped = shipped_catalogue();
    ASSERT_EQ(shipped.signals.size(), 1u);
    const auto& rule = shipped.signals[0];
    EXPECT_EQ(rule.indicator, "handhaving.meldingen_overbewoning");
    EXPECT_EQ(rule.group, catalogue::WatchGroup::Rest);
    EXPECT_EQ(rule.test, SignalTest::Binomial);
    EXPECT_EQ(rule.rate, "per_1000_inwoners");

    auto doc = json::parse(read_file(catalogue::default_catalogue_file())).as_object();
    auto& rules = doc["signals"].as_array();
    rules.push_back(json::object{{"code", "x"},
                                 {"label", "x"},
                                 {"indicator", "zelfredzaamheid.cursisten_moe_pct"},
                                 {"areas", json::object{{"level", "straat"}, {"group", "rest"}}},
                                 {"compare", json::object{{"with", "mean_of_previous"}}},
                                 {"test", json::object{{"kind", "t-toets"}, {"level", 0.5}, {"min_count", 0}}},
                                 {"rate", json::object{{"code", "per_auto"}, {"at_least", 1}}}});
    rules.push_back(json::object{{"code", "x"},
                                 {"label", "y"},
                                 {"indicator", "onbekend"},
                                 {"areas", json::object{{"level", "buurt"}, {"group", "alle"}}},
                                 {"compare", json::object{{"with", "previous_year"}, {"periods", 2}}},
                                 {"test", json::object{{"kind", "binomial"}, {"level", 0.01}, {"min_count", 5}}}});
    std::vector<catalogue::CatalogueProblem> problems;
    EXPECT_FALSE(catalogue::parse_catalogue(json::serialize(doc), problems));
    std::set<std::string> found;
    for (const auto& p : problems) found.insert(p.path + ": " + p.message);
    const size_t a = rules.size() - 2, b = rules.size() - 1;
    for (const std::string& expected :
         {fmt::format("signals[{}].indicator: must be an indicator that counts (not a share, distribution, capacity or "
                      "open locations)",
                      a),
          fmt::format("signals[{}].areas.level: must be buurt or wijk", a),
          fmt::format("signals[{}].compare.periods: required", a),
          fmt::format("signals[{}].test.kind: must be binomial (exact, two counts) or poisson (exact, against the "
                      "baseline as a known mean)",
                      a),
          fmt::format("signals[{}].test.level: must be a number from 1e-09 to 0.2", a),
          fmt::format("signals[{}].test.min_count: must be a whole number from 1 to 1000000", a),
          fmt::format("signals[{}].rate.code: unknown rate per_auto", a),
          fmt::format("signals[{}].code: signal rule x is listed twice", b),
          fmt::format("signals[{}].indicator: unknown indicator onbekend", b),
          fmt::format("signals[{}].areas.group: must be all, priority (the prioritised buurten) or rest (every other)",
                      b),
          fmt::format("signals[{}].compare.periods: only for mean_of_previous", b)})
        EXPECT_TRUE(found.count(expected)) << expected;
    // A catalogue without signal rules or rates is still a catalogue.
    doc.erase("signals");
    doc.erase("rates");
    problems.clear();
    EXPECT_TRUE(catalogue::parse_catalogue(json::serialize(doc), problems))
        << (problems.empty() ? "" : problems[0].path);
}

}  // namespace
}  // namespace grip::testing
