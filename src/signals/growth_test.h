#pragma once
// The statistics of signals, as pure functions on counts (Boost.Math's
// distributions, no hand-written tails): whether a count is larger than its
// baseline by more than chance, and the correction for testing many areas
// at once. See docs/figures.md, "Signalen".

#include <cstdint>
#include <vector>

#include "catalogue/watch.h"

namespace grip::signals {

// The one-sided p-value of growth: the chance of a count at least this
// large when nothing changed.
//  - Binomial (two Poisson counts compared exactly): `count` in the period
//    and `baseline_total` over `baseline_periods` periods before it; given
//    their sum n, the count is Binomial(n, 1 / (baseline_periods + 1)) when
//    the rate did not change. Noise in the baseline is allowed for.
//  - Poisson (one count against a known mean): the count is
//    Poisson(baseline_total / baseline_periods); a baseline of zero is taken
//    as half a count, so that a first one is not infinitely surprising.
// 1 for a count of zero.
double growth_p_value(catalogue::SignalTest test, int64_t count, int64_t baseline_total, int baseline_periods);

// Holm's step-down adjustment of p-values for the number tested: the
// adjusted p-values in the same order. Controls the chance of one or more
// false signals among all areas tested (the family-wise error rate).
std::vector<double> holm_adjusted(const std::vector<double>& p_values);

}  // namespace grip::signals
