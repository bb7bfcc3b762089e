#pragma once
// The figures of one year as they may be published: the engine's figures of
// every period of the year (year, quarters, months) for every area (the
// whole municipality, priority, rest, every wijk and buurt), put in a
// disclosure table with the catalogue's word on which indicators count
// people, and the disclosure rule's decision for every cell. The public
// report, the public role's indicators and the open data all read it.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "disclosure/suppression.h"
#include "disclosure/table.h"
#include "indicators/area_tree.h"
#include "indicators/engine.h"

namespace grip::disclosure {

// The threshold of an indicator: its own, else the catalogue's public_threshold.
int64_t threshold_of(const catalogue::Catalogue& catalogue, const catalogue::IndicatorDef& indicator);

class PublicFigures {
public:
    // Computes the year's figures with the engine and decides.
    static Result<PublicFigures> of_year(indicators::Engine& engine, const catalogue::Catalogue& catalogue, int year);
    // Decides on figures already computed: `sets` holds every period of the
    // year (periods_of_year) for every area key of `areas` (all_keys).
    static PublicFigures of(const catalogue::Catalogue& catalogue, const indicators::AreaTree& areas, int year,
                            std::vector<indicators::IndicatorSet> sets,
                            SecondarySuppression secondary = SecondarySuppression::On);

    int year() const { return table_.year(); }
    const Table& table() const { return table_; }
    const std::vector<Publication>& decisions() const { return decisions_; }
    const std::vector<indicators::IndicatorSet>& sets() const { return sets_; }

    // The decision on a figure (a distribution's part by its value);
    // Published for what the table does not hold.
    Publication of(const Period& period, int32_t area_key, std::string_view indicator,
                   std::string_view part = {}) const;

    // A figure's JSON of the API (IndicatorSet::to_json's "indicators"
    // entries) with what is suppressed taken out: the value null and
    // "suppressed": true; the previous value likewise ("previous_suppressed")
    // when `previous_year` (the figures of the previous period's year) says so;
    // a suppressed part of a distribution has a null count.
    void redact(boost::json::object& set_json, const indicators::IndicatorSet& set,
                const PublicFigures* previous_year) const;

private:
    PublicFigures(Table table, std::vector<Publication> decisions, std::vector<indicators::IndicatorSet> sets,
                  std::map<int32_t, int> area_index, std::map<std::pair<std::string, std::string>, int> series_index);

    Table table_;
    std::vector<Publication> decisions_;
    std::vector<indicators::IndicatorSet> sets_;
    std::map<int32_t, int> area_index_;                                // area key -> table area
    std::map<std::pair<std::string, std::string>, int> series_index_;  // (indicator, part) -> series
};

}  // namespace grip::disclosure
