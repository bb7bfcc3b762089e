#include "cli/indicator_table.h"

#include <fmt/format.h>

#include "common/dutch_text.h"

namespace grip::cli {
namespace {

std::string show(const boost::json::value& v) {
    if (v.is_null()) return "–";
    if (v.is_array()) {
        std::string out;
        size_t shown = 0;
        for (const auto& e : v.get_array()) {
            if (shown++ == 3) {
                out += ", …";
                break;
            }
            const auto& pair = e.get_array();
            out += fmt::format("{}{} {}", out.empty() ? "" : ", ", std::string_view(pair[0].get_string()),
                               dutch_digits(pair[1].to_number<int64_t>()));
        }
        return out.empty() ? "–" : out;
    }
    if (v.is_double()) return fmt::format("{:.1f}", v.get_double());
    return dutch_digits(v.to_number<int64_t>());
}

size_t display_width(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(std::string s, size_t width, bool right = false) {
    const size_t w = display_width(s);
    if (w >= width) return s;
    return right ? std::string(width - w, ' ') + s : s + std::string(width - w, ' ');
}

}  // namespace

void print_table(const catalogue::Catalogue& cat, const indicators::IndicatorSet& set,
                 const std::vector<indicators::TargetProgress>& targets) {
    // A range is compared with the same range a year earlier.
    const std::string now = set.range ? set.range->text() : set.period.text();
    const std::string prev = set.range ? set.range->year_earlier().text() : set.period.previous().text();
    const size_t column = set.range ? 22 : 12;
    fmt::print("{} — {} ({}), periode {}\n", cat.programme, set.area_name, set.area_code, now);
    size_t label_width = 10;
    for (const auto& f : set.figures) label_width = std::max(label_width, display_width(f.def->label));
    label_width = std::min<size_t>(label_width, 62);
    for (const auto& theme : cat.themes) {
        fmt::print("\n{}\n", theme.label);
        fmt::print("  {} {} {}\n", pad("Indicator", label_width), pad(now, column, true), pad(prev, column, true));
        for (const auto& f : set.figures) {
            if (f.def->theme != theme.code) continue;
            if (f.value.is_array()) {
                fmt::print("  {} {}\n", pad(f.def->label, label_width), show(f.value));
                continue;
            }
            fmt::print("  {} {} {}\n", pad(f.def->label, label_width), pad(show(f.value), column, true),
                       pad(show(f.previous), column, true));
            for (const auto& t : targets)
                if (t.def->indicator == f.def->code) fmt::print("    {}\n", t.text());
        }
    }
    fmt::print("\n'grip indicators --format json' geeft ook de definitie van elk cijfer.\n");
}

}  // namespace grip::cli
