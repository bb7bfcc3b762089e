#include "report/charts.h"

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/dutch_text.h"
#include "common/json_fields.h"

namespace grip::report {

namespace json = boost::json;

namespace {

// Colours pass WCAG AA on white: the text 17:1, the line and bars 10:1.
constexpr std::string_view kInk = "#1a1a1a";
constexpr std::string_view kMark = "#154273";
constexpr std::string_view kGrid = "#b3b3b3";

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

bool is_percentage(const json::object& chart) {
    const auto unit = string_value(chart, "unit");
    return unit == "procent" || unit == "%";
}

// A figure in digits, Dutch style (1.234; 12,5), with "%" for a percentage;
// "geen gegevens" when there is none (the year was not delivered).
std::string number_text(const json::value& v, bool percentage) {
    if (!v.is_number()) return "geen gegevens";
    const double d = v.to_number<double>();
    std::string text;
    if (d == std::trunc(d) && std::abs(d) < 9.0e15) {
        text = dutch_digits(static_cast<int64_t>(d));
    } else {
        text = fmt::format("{:.1f}", d);
        std::replace(text.begin(), text.end(), '.', ',');
    }
    return percentage ? text + "%" : text;
}

double number_of(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0.0; }

// The top of the scale: 1, 2 or 5 times a power of ten, at least the largest value.
double scale_top(double largest) {
    if (largest <= 0) return 1;
    const double power = std::pow(10.0, std::floor(std::log10(largest)));
    for (double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= largest) return step * power;
    return 10 * power;
}

std::string open_svg(int width, int height, const std::string& title, const std::string& desc) {
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grafiek\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
        "font-size=\"11\"><title>{3}</title><desc>{2}</desc>",
        width, height, xml_escape(desc), xml_escape(title));
}

}  // namespace

std::string trend_text(const json::object& trend) {
    const bool pct = is_percentage(trend);
    std::string out = string_value(trend, "label") + " per jaar: ";
    const auto* points = trend.if_contains("points");
    bool first = true;
    if (points && points->is_array())
        for (const auto& p : points->get_array()) {
            const auto& o = p.get_object();
            out += fmt::format("{}{}: {}", first ? "" : "; ", json::value_to<int64_t>(o.at("year")),
                               number_text(o.at("value"), pct));
            first = false;
        }
    return out + ".";
}

std::string area_bars_text(const json::object& chart, int year) {
    const bool pct = is_percentage(chart);
    std::string out =
        fmt::format("{} in {} per {}: ", string_value(chart, "label"), year, string_value(chart, "level"));
    const auto* bars = chart.if_contains("bars");
    bool first = true;
    if (bars && bars->is_array())
        for (const auto& b : bars->get_array()) {
            const auto& o = b.get_object();
            out += fmt::format("{}{} {}", first ? "" : "; ", string_value(o, "name"), number_text(o.at("value"), pct));
            first = false;
        }
    const auto* others = chart.if_contains("others_zero");
    if (others && others->is_bool() && others->get_bool())
        out += fmt::format("; in de andere {}en 0", string_value(chart, "level"));
    return out + ".";
}

std::string trend_svg(const json::object& trend) {
    constexpr int kWidth = 560, kHeight = 220, kLeft = 64, kRight = 24, kTop = 28, kBottom = 36;
    const bool pct = is_percentage(trend);
    const auto& points = trend.at("points").get_array();
    double largest = 0;
    for (const auto& p : points) largest = std::max(largest, number_of(p.get_object().at("value")));
    const double top = scale_top(largest);
    const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
    auto x_of = [&](size_t i) {
        return points.size() <= 1 ? kLeft + plot_w / 2
                                  : kLeft + plot_w * static_cast<double>(i) / static_cast<double>(points.size() - 1);
    };
    auto y_of = [&](double v) { return kTop + plot_h * (1 - v / top); };

    std::string svg = open_svg(kWidth, kHeight, string_value(trend, "label"), trend_text(trend));
    // The scale: zero, half and the top, as grid lines with their numbers.
    for (double v : {0.0, top / 2, top}) {
        const double y = y_of(v);
        svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1\"/>",
                           kLeft, y, kWidth - kRight, y, kGrid);
        svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\">{}</text>", kLeft - 6, y + 4,
                           kInk, xml_escape(number_text(json::value(v), pct)));
    }
    std::string line;
    for (size_t i = 0; i < points.size(); ++i) {
        const auto& o = points[i].get_object();
        const double x = x_of(i);
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>", x, kHeight - 12,
                           kInk, json::value_to<int64_t>(o.at("year")));
        if (!o.at("value").is_number()) continue;
        const double y = y_of(number_of(o.at("value")));
        line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x, y);
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/>", x, y, kMark);
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\" font-weight=\"bold\">{}</text>", x,
            y - 9, kInk, xml_escape(number_text(o.at("value"), pct)));
    }
    if (line.find(' ') != std::string::npos)
        svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", line, kMark);
    return svg + "</svg>";
}

std::string area_bars_svg(const json::object& chart, int year) {
    constexpr int kWidth = 560, kRow = 22, kLabel = 190, kTop = 8, kValueRoom = 70;
    const bool pct = is_percentage(chart);
    const auto& bars = chart.at("bars").get_array();
    double largest = 0;
    for (const auto& b : bars) largest = std::max(largest, number_of(b.get_object().at("value")));
    if (largest <= 0) largest = 1;
    const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
    const double room = kWidth - kLabel - 8 - kValueRoom;

    std::string svg = open_svg(kWidth, height, string_value(chart, "label"), area_bars_text(chart, year));
    for (size_t i = 0; i < bars.size(); ++i) {
        const auto& o = bars[i].get_object();
        const double y = kTop + kRow * static_cast<double>(i);
        const double w = room * number_of(o.at("value")) / largest;
        svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\">{}</text>", kLabel, y + 15,
                           kInk, xml_escape(string_value(o, "name")));
        svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>", kLabel + 8,
                           y + 3, w, kRow - 6, kMark);
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text>", kLabel + 8 + w + 6, y + 15, kInk,
                           xml_escape(number_text(o.at("value"), pct)));
    }
    return svg + "</svg>";
}

void add_chart_view(json::object& view, bool with_svg) {
    bool has_trends = false, has_areas = false;
    const auto* year = view.if_contains("year");
    const int y = year && year->is_int64() ? static_cast<int>(year->get_int64()) : 0;
    if (auto* charts = view.if_contains("charts"); charts && charts->is_object()) {
        if (auto* trends = charts->get_object().if_contains("trends"); trends && trends->is_array()) {
            for (auto& t : trends->get_array()) {
                auto& o = t.get_object();
                std::string text = trend_text(o);
                if (with_svg) o["svg"] = trend_svg(o);
                o["text"] = text;
                has_trends = true;
            }
        }
        if (auto* areas = charts->get_object().if_contains("areas"); areas && areas->is_array()) {
            for (auto& a : areas->get_array()) {
                auto& o = a.get_object();
                std::string text = area_bars_text(o, y);
                if (with_svg) o["svg"] = area_bars_svg(o, y);
                o["text"] = text;
                has_areas = true;
            }
        }
    }
    view["has_trends"] = has_trends;
    view["has_area_charts"] = has_areas;
    view["has_charts"] = has_trends || has_areas;
}

}  // namespace grip::report
