#include <fmt/format.h>

#include "cli/commands.h"
#include "common/dutch_text.h"
#include "indicators/engine.h"

namespace grip::cli {
namespace {

struct IndicatorArgs {
    int year = 0;
    std::string period;
    std::string area;
    std::string format = "table";
};

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

void print_table(const catalogue::Catalogue& cat, const indicators::IndicatorSet& set) {
    fmt::print("{} — {} ({}), periode {}\n", cat.programme, set.area_name, set.area_code, set.period.text());
    const std::string prev = set.period.previous().text();
    size_t label_width = 10;
    for (const auto& f : set.figures) label_width = std::max(label_width, display_width(f.def->label));
    label_width = std::min<size_t>(label_width, 62);
    for (const auto& theme : cat.themes) {
        fmt::print("\n{}\n", theme.label);
        fmt::print("  {} {} {}\n", pad("Indicator", label_width), pad(set.period.text(), 12, true), pad(prev, 12, true));
        for (const auto& f : set.figures) {
            if (f.def->theme != theme.code) continue;
            if (f.value.is_array()) {
                fmt::print("  {} {}\n", pad(f.def->label, label_width), show(f.value));
                continue;
            }
            fmt::print("  {} {} {}\n", pad(f.def->label, label_width), pad(show(f.value), 12, true),
                       pad(show(f.previous), 12, true));
        }
    }
    fmt::print("\n'grip indicators --format json' geeft ook de definitie van elk cijfer.\n");
}

int run_indicators(const GlobalOptions& global, const IndicatorArgs& args) {
    std::optional<Period> period;
    if (!args.period.empty()) period = Period::parse(args.period);
    else if (args.year) period = Period::year_of(args.year);
    if (!period) return fail(Error::invalid("give --year YYYY or --period YYYY, YYYY-Qn or YYYY-MM"));
    if (args.format != "table" && args.format != "json") return fail(Error::invalid("--format is table or json"));
    auto ctx = open_counted_context(global);
    if (!ctx) return fail(ctx.error());
    indicators::Engine engine(*ctx->store, ctx->catalogue.catalogue);
    auto set = engine.compute(*period, args.area);
    if (!set) return fail(set.error());
    if (args.format == "json") fmt::print("{}\n", boost::json::serialize(set->to_json()));
    else print_table(ctx->catalogue.catalogue, *set);
    return 0;
}

}  // namespace

void register_indicators_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<IndicatorArgs>();
    auto* cmd = app.add_subcommand("indicators", "The programme's indicators for a period and area");
    cmd->add_option("--year", args->year, "A calendar year");
    cmd->add_option("--period", args->period, "A period: YYYY, YYYY-Qn or YYYY-MM");
    cmd->add_option("--area", args->area, "A buurt, wijk or gemeente code, priority or rest (default: the municipality)");
    cmd->add_option("--format", args->format, "table (default) or json");
    cmd->callback([&options, &exit_code, args] { exit_code = run_indicators(options, *args); });
}

}  // namespace grip::cli
