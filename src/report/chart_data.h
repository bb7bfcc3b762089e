#pragma once
// The figures behind the report's charts and its spreadsheet, added to the
// report model: a trend per indicator over the programme's years, the
// figures per area (gemeente, wijken, buurten) and the themes' labels.
// charts.h turns them into SVG; render_xlsx writes them as numbers.

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "report/report_builder.h"
#include "storage/store.h"

namespace grip::report {

// Adds to `model`:
//   themes: [{code, label}] in catalogue order;
//   charts: {years: [Y0, ..., Y], trends: [{code, theme, label, unit,
//            points: [{year, value}]}], areas: [{code, theme, label, unit,
//            level, bars: [{area, name, value}], others_zero}]};
//   area_figures: [{area, name, level, figures: [{code, value, previous}]}].
// An earlier year's value, and an area's previous value, is null where that
// year was not delivered for the indicator (quality/period_coverage.h).
// The programme's years run from the first year with figures (the earliest
// of an unbroken run of years before Y in which some activity, aggregate or
// location was counted) to the report's year Y. A trend is made for every
// indicator with a single number; area bars for every count of activities,
// persons or addresses that is not zero in some wijk in Y: the wijken with
// a count, largest first (others_zero: the other wijken counted nothing). The public edition
// gets no figures below the whole municipality (no area bars, and
// area_figures holds the gemeente only) until the suppression of small
// person counts is applied to them.
Status add_chart_data(storage::Store& store, const catalogue::Catalogue& catalogue, const ReportOptions& options,
                      boost::json::object& model);

}  // namespace grip::report
