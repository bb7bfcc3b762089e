#pragma once
// The indicators of a period and area as a table for the terminal, per
// theme, with Dutch labels and the previous period beside each figure.

#include "catalogue/catalogue.h"
#include "indicators/engine.h"

namespace grip::cli {

void print_table(const catalogue::Catalogue& catalogue, const indicators::IndicatorSet& set);

}  // namespace grip::cli
