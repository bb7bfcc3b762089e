#include "report/chart_data.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "common/date.h"
#include "disclosure/public_figures.h"
#include "indicators/engine.h"
#include "quality/delivery_calendar.h"
#include "quality/period_coverage.h"

namespace grip::report {

namespace json = boost::json;
using catalogue::Measure;

namespace {

// What the public edition prints for a figure below the municipality that
// the disclosure rule withholds.
constexpr std::string_view kWithheld = "onderdrukt";

bool counts_activities(Measure m) {
    return m == Measure::Count || m == Measure::SumCount || m == Measure::DistinctPersons ||
           m == Measure::DistinctAddresses;
}

// A year has figures when something delivered was counted in it. Measures on
// locations alone (open information points) say nothing about deliveries: a
// location opened long ago would make every earlier year look covered.
bool has_figures(const indicators::IndicatorSet& set) {
    for (const auto& f : set.figures) {
        if (f.def->measure == Measure::Capacity || f.def->measure == Measure::OpenLocations) continue;
        if (f.value.is_array() && !f.value.get_array().empty()) return true;
        if (f.value.is_number() && f.value.to_number<double>() != 0) return true;
    }
    return false;
}

json::object figure_of(const indicators::IndicatorFigure& f) {
    return json::object{{"code", f.def->code}, {"value", f.value}, {"previous", f.previous}};
}

}  // namespace

Status add_chart_data(storage::Store& store, const catalogue::Catalogue& catalogue, const ReportOptions& options,
                      json::object& model) {
    indicators::Engine engine(store, catalogue);

    json::array themes;
    for (const auto& t : catalogue.themes) themes.push_back(json::object{{"code", t.code}, {"label", t.label}});
    model["themes"] = std::move(themes);

    // The programme's years, walking back from the year before the report's
    // while a year has figures.
    std::vector<indicators::IndicatorSet> by_year;
    by_year.push_back(TRY(engine.compute(Period::year_of(options.year), "")));
    for (int y = options.year - 1; y >= 1900; --y) {
        auto set = TRY(engine.compute(Period::year_of(y), ""));
        if (!has_figures(set)) break;
        by_year.push_back(std::move(set));
    }
    std::reverse(by_year.begin(), by_year.end());
    const auto& current = by_year.back();

    // An earlier year's figure only where that year was delivered, as the
    // letter compares (quality/period_coverage.h): no line from a 0 that
    // stands for "nothing delivered".
    const std::string now = utc_stamp(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()).time_since_epoch().count());
    for (size_t i = 0; i + 1 < by_year.size(); ++i) {
        const auto covered = TRY(quality::covered_indicators(store, catalogue, by_year[i].period, now));
        for (auto& f : by_year[i].figures)
            if (!covered.count(f.def->code)) f.value = nullptr;
    }
    const auto previous_covered =
        TRY(quality::covered_indicators(store, catalogue, Period::year_of(options.year - 1), now));

    json::array years;
    for (const auto& set : by_year) years.emplace_back(set.period.year());
    json::array trends;
    for (const auto& figure : current.figures) {
        const auto& def = *figure.def;
        if (!figure.value.is_number()) continue;
        json::array points;
        for (const auto& set : by_year) {
            const auto* f = set.find(def.code);
            points.push_back(json::object{{"year", set.period.year()},
                                          {"value", f && f->value.is_number() ? f->value : json::value(nullptr)}});
        }
        trends.push_back(json::object{{"code", def.code},
                                      {"theme", def.theme},
                                      {"label", def.label},
                                      {"unit", def.unit},
                                      {"points", std::move(points)}});
    }

    // Figures per area of the report's year.
    const auto tree = TRY(engine.area_tree());
    const bool internal = options.edition == Edition::Internal;
    std::vector<int32_t> keys{indicators::kAreaAll};
    for (const auto& a : tree.areas())
        if (a.level == "wijk" || a.level == "buurt") keys.push_back(a.id);
    const auto sets = TRY(engine.compute_many({Period::year_of(options.year)}, keys));
    // The public edition's areas go through the disclosure rule, as the
    // public role's figures and the open data do (src/disclosure/): a
    // figure it withholds, or its previous year's, reads "onderdrukt".
    std::optional<disclosure::PublicFigures> published, published_before;
    if (!internal) {
        published = TRY(disclosure::PublicFigures::of_year(engine, catalogue, options.year));
        if (!previous_covered.empty())
            published_before = TRY(disclosure::PublicFigures::of_year(engine, catalogue, options.year - 1));
    }
    auto withhold = [&](json::object& figure, int32_t key, const std::string& code) {
        const Period year = Period::year_of(options.year);
        const Period before = Period::year_of(options.year - 1);
        auto redact = [&](json::value& v, const disclosure::PublicFigures& pub, const Period& period) {
            if (v.is_array()) {
                for (auto& part : v.get_array()) {
                    auto& pair = part.get_array();
                    const std::string value =
                        pair[0].is_string() ? std::string(pair[0].get_string()) : json::serialize(pair[0]);
                    if (pub.of(period, key, code, value) != disclosure::Publication::Published) pair[1] = kWithheld;
                }
            } else if (!v.is_null() && pub.of(period, key, code) != disclosure::Publication::Published) {
                v = kWithheld;
            }
        };
        redact(figure["value"], *published, year);
        if (published_before) redact(figure["previous"], *published_before, before);
    };
    json::array area_figures;
    std::vector<const indicators::IndicatorSet*> wijken;
    for (const auto& set : sets) {
        const auto* area = tree.find(set.area_key);
        const std::string level = set.area_key == indicators::kAreaAll ? "gemeente" : area ? area->level : "";
        if (level == "wijk") wijken.push_back(&set);
        json::array figures;
        for (const auto& f : set.figures) {
            auto figure = figure_of(f);
            if (!previous_covered.count(f.def->code)) figure["previous"] = nullptr;
            if (published && set.area_key != indicators::kAreaAll) withhold(figure, set.area_key, f.def->code);
            figures.push_back(std::move(figure));
        }
        area_figures.push_back(json::object{{"area", set.area_key == indicators::kAreaAll
                                                         ? tree.code_of_key(indicators::kAreaAll, store.municipality())
                                                     : area ? area->code
                                                            : ""},
                                            {"name", set.area_key == indicators::kAreaAll
                                                         ? catalogue.municipality_name_of(store.municipality())
                                                     : area ? area->name
                                                            : ""},
                                            {"level", level},
                                            {"figures", std::move(figures)}});
    }

    json::array area_charts;
    for (const auto& f : current.figures) {
        if (!internal || !counts_activities(f.def->measure) || f.number() == 0 || wijken.empty()) continue;
        // The wijken where something was counted, largest first; a chart
        // of zeros says nothing (the activities may have no area).
        std::vector<std::pair<int64_t, const indicators::AreaInfo*>> counted;
        for (const auto* set : wijken) {
            const auto* wf = set->find(f.def->code);
            if (wf != nullptr && wf->number() != 0) counted.emplace_back(wf->number(), tree.find(set->area_key));
        }
        if (counted.empty()) continue;
        std::stable_sort(counted.begin(), counted.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        json::array bars;
        for (const auto& [n, area] : counted)
            bars.push_back(
                json::object{{"area", area ? area->code : ""}, {"name", area ? area->name : ""}, {"value", n}});
        area_charts.push_back(json::object{{"others_zero", counted.size() < wijken.size()},
                                           {"code", f.def->code},
                                           {"theme", f.def->theme},
                                           {"label", f.def->label},
                                           {"unit", f.def->unit},
                                           {"level", "wijk"},
                                           {"bars", std::move(bars)}});
    }

    model["charts"] =
        json::object{{"years", std::move(years)}, {"trends", std::move(trends)}, {"areas", std::move(area_charts)}};
    model["area_figures"] = std::move(area_figures);
    return ok_status();
}

}  // namespace grip::report
