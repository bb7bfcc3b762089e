#include "signals/explanation.h"

#include <cmath>

#include <fmt/format.h>

#include "common/dutch_text.h"

namespace grip::signals {

std::string dutch_period(const Period& period) {
    static constexpr const char* kQuarters[] = {"eerste", "tweede", "derde", "vierde"};
    switch (period.kind()) {
        case PeriodKind::Year: return std::to_string(period.year());
        case PeriodKind::Quarter:
            return fmt::format("het {} kwartaal van {}", kQuarters[(period.index() + 3) % 4], period.year());
        case PeriodKind::Month:
            return fmt::format("{} {}", dutch_month_name(static_cast<unsigned>(period.index())), period.year());
    }
    return period.text();
}

std::string growth_words(int64_t value, double baseline) {
    if (!(baseline > 0)) return "waar eerder geen waren";
    const double ratio = static_cast<double>(value) / baseline;
    if (ratio >= 1.95) {
        const auto times = static_cast<int>(std::lround(ratio));
        return fmt::format("{} keer zo veel", times <= 20 ? dutch_number_word(times) : dutch_digits(times));
    }
    const auto pct = static_cast<int64_t>(std::lround((ratio - 1) * 100));
    return fmt::format("{} meer", dutch_percentage(pct));
}

std::string chance_words(double p_value) {
    if (p_value < 0.001) {
        int64_t n = 1000;
        while (n < 1'000'000'000 && p_value < 1.0 / static_cast<double>(n * 10)) n *= 10;
        return fmt::format("kleiner dan 1 op {}", dutch_digits(n));
    }
    if (!(p_value > 0)) return "kleiner dan 1 op 1.000";
    const auto n = std::max<int64_t>(1, std::llround(1.0 / p_value));
    return fmt::format("ongeveer 1 op {}", dutch_digits(n));
}

std::string explanation(const std::string& indicator_label, const std::string& area_name, int64_t value,
                        const Period& period, const std::string& baseline_text, double baseline, double p_value) {
    return fmt::format("{} in {}: {} in {} tegen {}, {}; de kans dat dit toeval is, is {}.", indicator_label, area_name,
                       dutch_digits(value), dutch_period(period), baseline_text, growth_words(value, baseline),
                       chance_words(p_value));
}

}  // namespace grip::signals
