#pragma once
// The checks across figures (catalogue `checks`): a pure evaluation of each
// check for one period, from the indicators' values and, for per-location
// checks, what each location of the type did. A broken check is a warning
// about the data, never a reason to refuse it.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "catalogue/catalogue.h"
#include "common/date.h"
#include "indicators/engine.h"
#include "storage/store.h"

namespace grip::quality {

class CheckCounts;

struct LocationFacts {
    std::string id, name, type;
    std::optional<int64_t> capacity;  // absent: a check on capacity says nothing about the location
    std::optional<Date> opened, closed;
    std::map<std::string, int64_t> activities;  // activity type -> number in the period
};

struct CheckFinding {
    const catalogue::CheckDef* check = nullptr;
    Period period = Period::year_of(2000);
    std::string location, location_name;  // per-location checks
    int64_t left = 0, right = 0;
};

struct CheckOutcome {
    int64_t evaluated = 0;             // comparisons made
    std::vector<CheckFinding> broken;  // those that failed, in catalogue order
    boost::json::array to_json() const;
};

// The value of a city-level term (an indicator, or a count of activities
// with conditions) for the period; nullopt when there is none.
using TermValue = std::function<std::optional<int64_t>(const catalogue::CheckTerm& term)>;

CheckOutcome evaluate_checks(const std::vector<catalogue::CheckDef>& checks, const Period& period,
                             const TermValue& value, const std::vector<LocationFacts>& locations);

// Whether an activity's attributes meet a Count term's conditions.
bool meets(const boost::json::object& activity_fields, const std::vector<catalogue::CheckCondition>& where);

// What a registration or a delivery touched: the types, months and
// locations of its activities.
struct Touched {
    std::set<std::string> types;
    std::set<Period> months;
    std::set<std::string> locations;
    void add(const records::Record& activity);
};

// The warnings a registration or a delivery gets: the checks of the months
// it touched that its types take part in and that are broken (a
// per-location check only at a location it touched). `indicators`: whether
// the user may see the municipality's figures; without, only per-location
// checks are told. `counts`, when given, are the store's Count terms (a
// first load, check_counts.h): they are not read back from the store. At
// most `max_months` months are checked.
Result<boost::json::array> warnings_for(storage::Store& store, const catalogue::Catalogue& catalogue,
                                        indicators::Engine& engine, const Touched& touched, bool indicators,
                                        const CheckCounts* counts = nullptr, size_t max_months = 36);

// The days of `period` a location is open.
int64_t open_days(const LocationFacts& location, const Period& period);

// The checks of a period from the store: the indicators' values for the
// whole municipality and what every location did; the Count terms from
// `counts` when given, else from the store (count_in_store).
Result<CheckOutcome> checks_of(storage::Store& store, const catalogue::Catalogue& catalogue, indicators::Engine& engine,
                               const Period& period, const CheckCounts* counts = nullptr);
// The same for some of the catalogue's checks (a registration's warnings: the
// checks its type takes part in), without copying the catalogue.
Result<CheckOutcome> checks_of(storage::Store& store, const std::vector<catalogue::CheckDef>& checks,
                               indicators::Engine& engine, const Period& period, const CheckCounts* counts = nullptr);

// A Count term's value in the period from the store: its current activities
// of the type dated in the period, read page by page, that meet its
// conditions. The reference that CheckCounts must equal.
Result<int64_t> count_in_store(storage::Store& store, const catalogue::CheckTerm& term, const Period& period);

}  // namespace grip::quality
