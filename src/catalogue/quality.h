#pragma once
// The catalogue's data-quality knowledge: who is expected to deliver what
// for which period (the delivery calendar), and the checks across figures
// that the figures of a period must pass (a warning when they do not, never
// a refusal). Read and checked by quality_loader; used by src/quality/.

#include <string>
#include <vector>

namespace grip::catalogue {

// Which sources an expectation names: one organisation or location by id,
// or every organisation or location of a type (a location only in the
// periods it is open).
enum class SourceKind { Organisation, Location, OrganisationType, LocationType };

enum class DeliveryFrequency { Month, Quarter };

struct DeliveryExpectation {
    SourceKind source_kind = SourceKind::LocationType;
    std::string source;                        // the id or the type
    std::vector<std::string> activity_types;   // records of these types, with the source as organisation/location
    std::vector<std::string> aggregate_types;  // aggregates of these types, with the source as organisation
    DeliveryFrequency frequency = DeliveryFrequency::Month;
    int due_days = 0;  // the delivery is due this many days after the period's last day
};

// One side of a check: an indicator's value for the period (city level),
// or the number of activities of a type dated in the period whose attributes
// meet conditions (city level: a figure no indicator gives); or per
// location: the number of activities of a type at the location in the
// period, or the location's capacity times its open days in the period.
enum class CheckTermKind { Indicator, Count, LocationCount, LocationCapacityDays };

// An attribute condition of a Count term: the attribute equals one of
// `in` (a list attribute: holds one of them).
struct CheckCondition {
    std::string attribute;
    std::vector<std::string> in;
    bool operator==(const CheckCondition&) const = default;
};

struct CheckTerm {
    CheckTermKind kind = CheckTermKind::Indicator;
    std::string code;                   // the indicator, or the activity type counted
    std::vector<CheckCondition> where;  // Count
    bool operator==(const CheckTerm&) const = default;
};

enum class CheckOp { LessOrEqual, Less, Equal, GreaterOrEqual, Greater };

struct CheckDef {
    std::string code;
    std::string label;
    CheckTerm left;
    CheckOp op = CheckOp::LessOrEqual;
    CheckTerm right;
    // Per-location checks: the locations of this type, each checked alone.
    std::string location_type;
};

}  // namespace grip::catalogue
