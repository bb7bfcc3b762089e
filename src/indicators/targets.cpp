#include "indicators/targets.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/dutch_text.h"

namespace grip::indicators {
namespace json = boost::json;
using catalogue::TargetDirection;

std::string_view target_status_code(TargetStatus status) {
    switch (status) {
        case TargetStatus::Met: return "met";
        case TargetStatus::OnTrack: return "on_track";
        case TargetStatus::Behind: return "behind";
        case TargetStatus::Missed: return "missed";
    }
    return "";
}

std::string_view target_status_text(TargetStatus status) {
    switch (status) {
        case TargetStatus::Met: return "gehaald";
        case TargetStatus::OnTrack: return "op koers";
        case TargetStatus::Behind: return "achter";
        case TargetStatus::Missed: return "niet gehaald";
    }
    return "";
}

double elapsed_part(Date first, Date last, Date today) {
    if (today < first) return 0;
    if (today >= last) return 1;
    return static_cast<double>(today.days() - first.days() + 1) / static_cast<double>(last.days() - first.days() + 1);
}

TargetProgress progress_of(const catalogue::TargetDef& target, double value, Date first, Date last, Date today) {
    TargetProgress p;
    p.def = &target;
    p.value = value;
    p.progress = target.value > 0 ? value / target.value : (value > 0 ? 1 : 0);
    p.elapsed = elapsed_part(first, last, today);
    const bool over = today > last;
    // Pro rata: by now, the elapsed part of the target.
    const double due = target.value * p.elapsed;
    if (target.direction == TargetDirection::AtLeast) {
        if (value >= target.value) p.status = TargetStatus::Met;
        else if (over) p.status = TargetStatus::Missed;
        else p.status = value >= due ? TargetStatus::OnTrack : TargetStatus::Behind;
    } else {
        // At most: past the target it cannot be met any more (a count only
        // grows); within it, ahead of the pro rata share means heading over.
        if (value > target.value) p.status = TargetStatus::Missed;
        else if (over) p.status = TargetStatus::Met;
        else p.status = value <= due ? TargetStatus::OnTrack : TargetStatus::Behind;
    }
    return p;
}

namespace {

// A fraction as a rounded percentage, for words.
int64_t target_percent(double fraction) { return static_cast<int64_t>(std::llround(fraction * 100)); }

std::string target_number_text(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return dutch_digits(static_cast<int64_t>(v));
    return fmt::format("{:.1f}", v);
}

json::value target_number_json(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
    return v;
}

double target_round4(double v) { return std::round(v * 10000) / 10000; }

}  // namespace

json::object TargetProgress::to_json() const {
    json::object o;
    o["value"] = target_number_json(def->value);
    o["direction"] = def->direction == TargetDirection::AtLeast ? "at_least" : "at_most";
    if (!def->period.empty()) o["period"] = def->period;
    if (!def->range.empty()) o["range"] = def->range;
    if (!def->area.empty()) o["area"] = def->area;
    o["progress"] = target_round4(progress);
    o["elapsed"] = target_round4(elapsed);
    o["status"] = target_status_code(status);
    o["status_text"] = target_status_text(status);
    o["text"] = text();
    return o;
}

std::string TargetProgress::text() const {
    const std::string bound = def->direction == TargetDirection::AtLeast ? "streefwaarde" : "streefwaarde ten hoogste";
    std::string out =
        fmt::format("{} van {} {} ({}), {}", target_number_text(value), bound, target_number_text(def->value),
                    dutch_percentage(target_percent(progress)), target_status_text(status));
    if (elapsed < 1) out += fmt::format(": {} van de periode is voorbij", dutch_percentage(target_percent(elapsed)));
    return out;
}

std::string TargetProgress::annex_text() const {
    return fmt::format("{} {}: {} ({})", def->direction == TargetDirection::AtLeast ? "ten minste" : "ten hoogste",
                       target_number_text(def->value), target_status_text(status),
                       dutch_percentage(target_percent(progress)));
}

const catalogue::TargetDef* target_for(const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                                       std::string_view municipality, std::string_view indicator) {
    for (const auto& t : catalogue.targets) {
        if (t.indicator != indicator) continue;
        // A target without an area is the whole municipality's.
        const bool area_matches =
            t.area.empty() ? set.area_key == kAreaAll
                           : (t.area == set.area_code || (set.area_key == kAreaAll && t.area == municipality));
        if (!area_matches) continue;
        if (set.range) {
            if (t.range.empty()) continue;
            const auto* named = catalogue.range(t.range);
            if (!named || named->from != set.range->first.iso() || named->to != set.range->last.iso()) continue;
        } else if (t.period != set.period.text()) {
            continue;
        }
        return &t;
    }
    return nullptr;
}

std::vector<TargetProgress> targets_of(const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                                       std::string_view municipality, Date today) {
    std::vector<TargetProgress> out;
    if (catalogue.targets.empty()) return out;
    const Date first = set.range ? set.range->first : set.period.first_day();
    const Date last = set.range ? set.range->last : set.period.last_day();
    for (const auto& f : set.figures) {
        const auto* t = target_for(catalogue, set, municipality, f.def->code);
        if (!t || !f.value.is_number()) continue;
        out.push_back(progress_of(*t, f.value.to_number<double>(), first, last, today));
    }
    return out;
}

void add_targets(json::object& set_json, const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                 std::string_view municipality, Date today) {
    auto* inds = set_json.if_contains("indicators");
    if (!inds || !inds->is_object()) return;
    for (const auto& p : targets_of(catalogue, set, municipality, today))
        if (auto* o = inds->get_object().if_contains(p.def->indicator); o && o->is_object())
            o->get_object()["target"] = p.to_json();
}

}  // namespace grip::indicators
