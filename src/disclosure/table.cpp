#include "disclosure/table.h"

namespace grip::disclosure {

std::vector<Period> periods_of_year(int year) {
    std::vector<Period> out{Period::year_of(year)};
    for (int q = 1; q <= 4; ++q) out.push_back(Period::quarter_of(year, q));
    for (int m = 1; m <= 12; ++m) out.push_back(Period::month_of(year, m));
    return out;
}

int period_index(const Period& period) {
    switch (period.kind()) {
        case PeriodKind::Year: return 0;
        case PeriodKind::Quarter: return period.index();
        case PeriodKind::Month: return 4 + period.index();
    }
    return 0;
}

Table::Table(int year, std::vector<TableArea> areas, std::vector<Series> series)
    : year_(year), areas_(std::move(areas)), series_(std::move(series)),
      cells_(series_.size() * kPeriods * areas_.size()) {}

}  // namespace grip::disclosure
