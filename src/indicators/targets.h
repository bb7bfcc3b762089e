#pragma once
// Progress towards the catalogue's targets (streefwaarden). A figure of a
// period or range with a target gets, beside its value, the target, the
// progress as a fraction of the target, the elapsed part of the period and a
// status: met, on track (pro rata of the elapsed part), behind or missed.
// docs/figures.md, "Targets", defines them.

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "indicators/engine.h"

namespace grip::indicators {

enum class TargetStatus { Met, OnTrack, Behind, Missed };

std::string_view target_status_code(TargetStatus status);  // met, on_track, behind, missed
std::string_view target_status_text(TargetStatus status);  // gehaald, op koers, achter, niet gehaald

struct TargetProgress {
    const catalogue::TargetDef* def = nullptr;
    double value = 0;
    double progress = 0;  // value / target (0 when the target is 0)
    double elapsed = 0;   // the part of the period passed by `today`, 0..1
    TargetStatus status = TargetStatus::OnTrack;

    boost::json::object to_json() const;
    // In words, for a screen reader and the command line:
    // "412 van 1.200 (34%), achter: 50% van de periode is voorbij".
    std::string text() const;
    // For the report's annex (column "streefwaarde"): "ten minste 250: achter (34%)".
    std::string annex_text() const;
};

// The part of [first, last] passed on `today` (today counts as passed).
double elapsed_part(Date first, Date last, Date today);

// Progress of `value` against `target` over [first, last] on `today`.
TargetProgress progress_of(const catalogue::TargetDef& target, double value, Date first, Date last, Date today);

// The target of an indicator for the set's period or range and area, if the
// catalogue has one.
const catalogue::TargetDef* target_for(const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                                       std::string_view municipality, std::string_view indicator);

// The progress of every figure of the set that has a target.
std::vector<TargetProgress> targets_of(const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                                       std::string_view municipality, Date today);

// Adds `target` (TargetProgress::to_json) to each indicator of the set's
// JSON (IndicatorSet::to_json) that has one.
void add_targets(boost::json::object& set_json, const catalogue::Catalogue& catalogue, const IndicatorSet& set,
                 std::string_view municipality, Date today);

}  // namespace grip::indicators
