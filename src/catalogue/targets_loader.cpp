#include "catalogue/targets_loader.h"

#include <set>
#include <tuple>

#include <fmt/format.h>

#include "catalogue/section_reader.h"
#include "common/date.h"

namespace grip::catalogue {
namespace json = boost::json;
namespace {

// The longest named range, as indicators/date_range.h answers it.
constexpr int32_t kMaxNamedRangeMonths = 120;

class TargetsReader : public SectionReader {
public:
    explicit TargetsReader(std::vector<CatalogueProblem>& problems) : SectionReader(problems) {}

    const json::array* list(const json::object& root, std::string_view key) {
        const auto* v = root.if_contains(key);
        if (!v) return nullptr;
        if (!v->is_array()) {
            problem(std::string(key), "must be a list");
            return nullptr;
        }
        return &v->get_array();
    }
};

void read_named_ranges(TargetsReader& r, const json::object& root, Catalogue& cat) {
    const auto* arr = r.list(root, "ranges");
    if (!arr) return;
    std::set<std::string> codes;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = fmt::format("ranges[{}]", i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object");
            continue;
        }
        const auto& o = (*arr)[i].get_object();
        r.known_keys(o, p, {"code", "label", "from", "to"});
        NamedRange range{r.text(o, "code", p, true), r.text(o, "label", p, true), r.text(o, "from", p, true),
                         r.text(o, "to", p, true)};
        if (!range.code.empty() && !codes.insert(range.code).second)
            r.problem(p + ".code", fmt::format("range {} is given twice", range.code));
        const auto from = Date::parse(range.from);
        const auto to = Date::parse(range.to);
        if (!range.from.empty() && (!from || from->day() != 1))
            r.problem(p + ".from", "must be the first day of a month as YYYY-MM-DD: ranges are whole months");
        if (!range.to.empty() && (!to || (*to + 1).day() != 1))
            r.problem(p + ".to", "must be the last day of a month as YYYY-MM-DD: ranges are whole months");
        if (from && to && *to < *from) r.problem(p + ".to", "must not come before from");
        if (from && to && to->month_index() - from->month_index() + 1 > kMaxNamedRangeMonths)
            r.problem(p + ".to", fmt::format("a range is at most {} months long", kMaxNamedRangeMonths));
        cat.ranges.push_back(std::move(range));
    }
}

void read_target_defs(TargetsReader& r, const json::object& root, Catalogue& cat) {
    const auto* arr = r.list(root, "targets");
    if (!arr) return;
    std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = fmt::format("targets[{}]", i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object");
            continue;
        }
        const auto& o = (*arr)[i].get_object();
        r.known_keys(o, p, {"indicator", "period", "range", "area", "value", "direction", "note"});
        TargetDef t;
        t.indicator = r.text(o, "indicator", p, true);
        if (!t.indicator.empty()) {
            const auto* ind = cat.indicator(t.indicator);
            if (!ind) r.problem(p + ".indicator", fmt::format("unknown indicator {}", t.indicator));
            else if (ind->measure == Measure::Distribution)
                r.problem(p + ".indicator",
                          fmt::format("{} is a distribution: a target needs a single number", t.indicator));
        }
        t.period = r.text(o, "period", p, false);
        t.range = r.text(o, "range", p, false);
        if (t.period.empty() == t.range.empty())
            r.problem(p, "give either period (YYYY, YYYY-Qn or YYYY-MM) or range (a code of ranges)");
        if (!t.period.empty() && !Period::parse(t.period)) r.problem(p + ".period", "must be YYYY, YYYY-Qn or YYYY-MM");
        if (!t.range.empty() && !cat.range(t.range)) r.problem(p + ".range", fmt::format("unknown range {}", t.range));
        t.area = r.text(o, "area", p, false);
        const auto* v = o.if_contains("value");
        if (!v) r.problem(p + ".value", "required");
        else if (!v->is_number() || v->to_number<double>() < 0)
            r.problem(p + ".value", "must be a number of at least 0");
        else t.value = v->to_number<double>();
        const auto direction = r.text(o, "direction", p, true);
        if (direction == "at_most") t.direction = TargetDirection::AtMost;
        else if (!direction.empty() && direction != "at_least")
            r.problem(p + ".direction", "must be at_least or at_most");
        if (o.contains("note") && !o.at("note").is_string()) r.problem(p + ".note", "must be a string");
        if (!seen.insert({t.indicator, t.period, t.range, t.area}).second)
            r.problem(p, fmt::format("a second target of {} for the same period and area", t.indicator));
        cat.targets.push_back(std::move(t));
    }
}

}  // namespace

void read_ranges_and_targets(const json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems) {
    TargetsReader r(problems);
    read_named_ranges(r, root, cat);
    read_target_defs(r, root, cat);
}

}  // namespace grip::catalogue
