#pragma once
// The report's charts as SVG, written by Grip itself (no chart library, no
// script): a line per indicator over the programme's years and horizontal
// bars per area. Each chart carries its numbers as a text alternative
// (role="img", aria-label, <title> and <desc>), and the same sentence is
// shown beside it, so that a reader who cannot see the chart misses nothing.

#include <string>

#include <boost/json/object.hpp>

namespace grip::report {

// A trend of chart_data.h's charts.trends: [{year, value}] as a line.
std::string trend_svg(const boost::json::object& trend);
// An area chart of charts.areas: [{name, value}] as bars.
std::string area_bars_svg(const boost::json::object& chart, int year);

// The numbers of a chart as one Dutch sentence:
// "Bezoekers infopunten per jaar: 2022: 12; 2023: 634."
std::string trend_text(const boost::json::object& trend);
std::string area_bars_text(const boost::json::object& chart, int year);

// Completes the view of a report (see build_report_view) for its charts:
// per trend and area chart `text` (its sentence) and, when `with_svg`,
// `svg`; and has_charts, has_trends, has_area_charts at the top. A model
// without charts gets has_charts false.
void add_chart_view(boost::json::object& view, bool with_svg);

}  // namespace grip::report
