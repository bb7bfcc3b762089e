#pragma once
// The indicators of a period and area as a table for the terminal, per
// theme, with Dutch labels and the previous period beside each figure.

#include "catalogue/catalogue.h"
#include "indicators/engine.h"
#include "indicators/targets.h"

namespace grip::cli {

// `targets`: the progress of the figures that have a target, printed in
// words under the figure.
void print_table(const catalogue::Catalogue& catalogue, const indicators::IndicatorSet& set,
                 const std::vector<indicators::TargetProgress>& targets = {});

}  // namespace grip::cli
