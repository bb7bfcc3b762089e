#pragma once
// The catalogue is the programme's knowledge as data: themes, activity types
// and their attributes, location and aggregate types, indicators with their
// definitions, and the sentences of the progress report. A municipality
// changes it without a new build; `grip catalogue check FILE` validates one.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/quality.h"
#include "catalogue/watch.h"

namespace grip::catalogue {

struct Theme {
    std::string code;
    std::string label;
};

struct CodeLabel {
    std::string code;
    std::string label;
};

enum class AttributeType { Text, Bool, Int, Number, Date, Enum, List, Country };

struct AttributeDef {
    std::string name;
    AttributeType type = AttributeType::Text;
    std::string label;
    // Allowed values for Enum, and for List when not empty.
    std::vector<CodeLabel> values;
    bool allows(std::string_view value) const;
    std::string label_of(std::string_view value) const;
};

struct ActivityType {
    std::string code;
    std::string theme;
    std::string label;
    std::string description;
    // How long an activity of this type keeps the personal data of the
    // person and address it is about, in years after its date (its end
    // date when it has one); 0: the catalogue's retention.activity_years.
    int retention_years = 0;
    std::vector<AttributeDef> attributes;
    const AttributeDef* attribute(std::string_view name) const;
};

enum class Measure {
    Count,
    SumCount,
    DistinctPersons,
    DistinctAddresses,
    AggregateSum,
    ActiveAtEnd,
    Capacity,
    OpenLocations,
    SharePct,
    Distribution,
};
std::optional<Measure> parse_measure(std::string_view);
std::string_view measure_name(Measure);

// One condition of an indicator filter. `field` is `attributes.NAME`,
// `person.nationality`, `person.brp` or `location.type`. Either `equals` is
// set, or `in` / `not_in` hold value sets (country groups already expanded).
struct Condition {
    std::string field;
    std::optional<boost::json::value> equals;
    std::set<std::string> in;
    std::set<std::string> not_in;
};

struct IndicatorDef {
    std::string code;
    std::string theme;
    std::string label;
    std::string definition;
    std::string unit;
    Measure measure = Measure::Count;
    std::string activity_type;  // for activity measures
    std::vector<Condition> where;
    std::vector<Condition> numerator;  // share_pct: extra conditions of the numerator
    std::string attribute;             // distribution: the attribute counted
    std::string location_type;         // capacity, open_locations
    std::string aggregate_type;        // aggregate_sum
    // Whether the figure counts people (distinct persons, the addresses of
    // persons, what happened to them): such a figure is suppressed below the
    // whole municipality when it is under `public_threshold` (see
    // docs/disclosure.md). A count of the municipality's own work (campaign
    // rounds, meetings, inspections) is never suppressed. Set per indicator
    // (`counts_people`), else by measure (counts_people_by_default).
    bool counts_people = false;
    // The smallest count of people published below the whole municipality;
    // 0: the report's public_threshold.
    int64_t public_threshold = 0;
};

// Whether an indicator of this measure counts people when the catalogue does
// not say: distinct persons or addresses, persons active at a date and
// shares of persons do; counts of activities, sums, locations and
// aggregates are taken as the municipality's own work.
bool counts_people_by_default(Measure measure);

// Whether a figure of this measure is a count that a rate can divide
// (activities, people, addresses, sums and aggregates; not a share, a
// distribution, beds or open locations).
bool is_count_measure(Measure measure);

struct ReportBullet {
    std::string text;                     // a mustache template
    std::vector<std::string> indicators;  // the indicators it states
    // Shown only when this indicator has a non-zero value (empty: always).
    std::string when;
};

struct ReportTheme {
    std::string theme;
    std::vector<ReportBullet> bullets;
};

struct ReportTemplate {
    std::string title;                               // mustache
    std::map<std::string, std::string> headings;     // section code -> heading
    std::map<std::string, std::string> text_blocks;  // block code -> default text (mustache)
    // Blocks someone must write for each year (their default is empty):
    // the approval of a report stops while one of them is empty.
    std::vector<std::string> text_blocks_to_write;
    std::map<std::string, std::string>
        text_block_hints;                     // block code -> what to write (shown to the writer, never printed)
    std::vector<std::string> relation_items;  // fixed items of section 2 (mustache)
    std::string relation_motion_item;         // one item per linked motion (mustache)
    std::string results_intro;
    std::vector<ReportTheme> results;
    std::string motions_intro;  // text block default for section 5
    std::string disposal_intro;
    std::string disposal_item;
    std::vector<std::string> closing;
    int64_t public_threshold = 10;
    // The licence of the open data (`grip opendata`), as its URL.
    std::string open_data_license = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl";
};

// A municipality of the installation. `shares_figures`: it agreed that the
// regional role sees its indicators (never its records).
struct Municipality {
    std::string code;  // CBS code, GM0599
    std::string name;
    bool shares_figures = false;
};

// How long Grip keeps personal data (the AVG's storage limitation), in
// years. A person or an address is kept for `person_years` or
// `address_years` after its last version was delivered, and for as long as
// an activity about it is within its own period (ActivityType::retention_years,
// else `activity_years`). Past that, `grip retention run` removes its
// personal data; the counts already kept stay. 0: kept without end (no
// retention configured).
struct Retention {
    int person_years = 0;
    int address_years = 0;
    int activity_years = 0;
    bool configured() const { return person_years > 0 || address_years > 0 || activity_years > 0; }
};

// A named date range the indicators can be asked for (`ranges`): the
// programme to date, a school year. Whole months: `from` is the first of a
// month, `to` the last day of one (ISO dates, checked by the loader).
struct NamedRange {
    std::string code;
    std::string label;
    std::string from;
    std::string to;
};

enum class TargetDirection { AtLeast, AtMost };

// A target (streefwaarde) of an indicator for a calendar period or a named
// range, for the whole municipality or one area (`targets`;
// indicators/targets.h says how progress is measured).
struct TargetDef {
    std::string indicator;
    std::string period;  // YYYY, YYYY-Qn or YYYY-MM; empty when `range` is set
    std::string range;   // a NamedRange's code; empty when `period` is set
    std::string area;    // an area code; empty: the whole municipality
    double value = 0;
    TargetDirection direction = TargetDirection::AtLeast;
};

struct Catalogue {
    std::string programme;
    // The home municipality: the command line's default, and the owner of
    // the rows of a store made before there were several.
    std::string municipality_code;
    std::string municipality_name;
    // Every municipality of the installation, the home one first.
    std::vector<Municipality> municipalities;
    std::vector<Theme> themes;
    std::map<std::string, std::set<std::string>> country_groups;
    std::vector<CodeLabel> location_types;
    std::vector<CodeLabel> aggregate_types;
    std::vector<ActivityType> activity_types;
    Retention retention;
    std::vector<IndicatorDef> indicators;
    ReportTemplate report;
    // Data quality: the delivery calendar and the checks across figures
    // (catalogue/quality.h); both may be empty.
    std::vector<DeliveryExpectation> delivery_calendar;
    std::vector<CheckDef> checks;
    // Named date ranges and targets (catalogue/targets_loader.h); both may be empty.
    std::vector<NamedRange> ranges;
    std::vector<TargetDef> targets;
    // Rates and signal rules (catalogue/watch.h); both may be empty.
    std::vector<RateDef> rates;
    std::vector<SignalRule> signals;
    // A hash of the parts that decide how activities are counted. When it
    // changes, the store rebuilds its maintained figures.
    std::string counting_fingerprint;

    const Municipality* municipality(std::string_view code) const;
    // The name of a municipality of the installation (its code if unlisted).
    std::string municipality_name_of(std::string_view code) const;
    const ActivityType* activity_type(std::string_view code) const;
    const IndicatorDef* indicator(std::string_view code) const;
    const Theme* theme(std::string_view code) const;
    bool has_location_type(std::string_view code) const;
    bool has_aggregate_type(std::string_view code) const;
    const NamedRange* range(std::string_view code) const;
    const RateDef* rate(std::string_view code) const;
};

}  // namespace grip::catalogue
