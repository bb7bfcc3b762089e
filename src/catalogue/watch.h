#pragma once
// The catalogue's knowledge for watching the spreading of the problems:
// rates (a count per 1,000 inhabitants, per 100 registered EU migrants) and
// signal rules (which growth of which indicator in which areas is worth a
// look). Read and checked by watch_loader; used by src/indicators/rates and
// src/signals/.

#include <cstdint>
#include <string>
#include <vector>

namespace grip::catalogue {

// What a rate divides by: the area's `inhabitants` (the area records), or
// the value of an aggregate type delivered per area and period (the BRP's
// number of registered EU migrants).
enum class RateDenominator { Inhabitants, Aggregate };

struct RateDef {
    std::string code;
    std::string label;  // "per 1.000 inwoners"
    int64_t per = 1000;
    RateDenominator denominator = RateDenominator::Inhabitants;
    std::string aggregate_type;  // Aggregate
};

// Which areas a rule watches: every buurt (or wijk) of a group.
enum class WatchLevel { Buurt, Wijk };
enum class WatchGroup { All, Priority, Rest };

// What a period's count is compared with: the same period a year earlier,
// or the mean of the previous N periods of the same length.
enum class Baseline { PreviousYear, MeanOfPrevious };

// How growth is told from noise (docs/figures.md, "Signalen"):
// Binomial: the exact conditional test of two Poisson counts (the count
// given the sum of count and baseline counts is binomial), which allows for
// the noise in the baseline too; Poisson: the exact one-sample test of the
// count against the baseline taken as the known mean.
enum class SignalTest { Binomial, Poisson };

struct SignalRule {
    std::string code;
    std::string label;
    std::string indicator;
    WatchLevel level = WatchLevel::Buurt;
    WatchGroup group = WatchGroup::Rest;
    Baseline baseline = Baseline::PreviousYear;
    int periods = 1;  // MeanOfPrevious: N
    SignalTest test = SignalTest::Binomial;
    double level_alpha = 0.01;  // the significance level, after the correction for the number of areas
    int64_t min_count = 10;     // fewer in the period: never a signal
    // A threshold on the rate: the area's rate in the period must be at
    // least `min_rate` (empty rate: no threshold, and no rate shown).
    std::string rate;
    double min_rate = 0;
};

}  // namespace grip::catalogue
