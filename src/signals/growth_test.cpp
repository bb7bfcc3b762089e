#include "signals/growth_test.h"

#include <algorithm>
#include <numeric>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/poisson.hpp>

namespace grip::signals {

double growth_p_value(catalogue::SignalTest test, int64_t count, int64_t baseline_total, int baseline_periods) {
    if (count <= 0 || baseline_total < 0 || baseline_periods < 1) return 1.0;
    const auto x = static_cast<double>(count);
    // Boost.Math reports a bad argument by an exception; the arguments are
    // checked above, and a failure still must not leave this function.
    try {
        if (test == catalogue::SignalTest::Binomial) {
            const double n = x + static_cast<double>(baseline_total);
            const boost::math::binomial_distribution<double> d(n, 1.0 / (baseline_periods + 1.0));
            return std::clamp(boost::math::cdf(boost::math::complement(d, x - 1)), 0.0, 1.0);
        }
        const double mean = std::max(0.5, static_cast<double>(baseline_total) / baseline_periods);
        const boost::math::poisson_distribution<double> d(mean);
        return std::clamp(boost::math::cdf(boost::math::complement(d, x - 1)), 0.0, 1.0);
    } catch (const std::exception&) {
        return 1.0;
    }
}

std::vector<double> holm_adjusted(const std::vector<double>& p_values) {
    const size_t m = p_values.size();
    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
    std::vector<double> out(m, 1.0);
    double running = 0;
    for (size_t i = 0; i < m; ++i) {
        const double adjusted = std::min(1.0, static_cast<double>(m - i) * p_values[order[i]]);
        running = std::max(running, adjusted);
        out[order[i]] = running;
    }
    return out;
}

}  // namespace grip::signals
