#pragma once
// A signal in Dutch words, as a reader of the dashboard or the report takes
// it in: "Meldingen mogelijke overbewoning in Tarwewijk: 42 in 2023 tegen 14
// in 2022, drie keer zo veel; de kans dat dit toeval is, is kleiner dan 1 op
// 1.000."

#include <cstdint>
#include <string>

#include "common/date.h"

namespace grip::signals {

// "2023", "het tweede kwartaal van 2023", "maart 2023".
std::string dutch_period(const Period& period);

// "drie keer zo veel", "twee keer zo veel", "40% meer"; "waar eerder geen waren" for a baseline of zero.
std::string growth_words(int64_t value, double baseline);

// "kleiner dan 1 op 1.000", "ongeveer 1 op 250".
std::string chance_words(double p_value);

// The whole sentence. `baseline_text` says what the count is compared with:
// "14 in 2022" or "gemiddeld 12,3 in de drie perioden ervoor".
std::string explanation(const std::string& indicator_label, const std::string& area_name, int64_t value,
                        const Period& period, const std::string& baseline_text, double baseline, double p_value);

}  // namespace grip::signals
