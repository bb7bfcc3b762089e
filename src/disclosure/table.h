#pragma once
// A table of figures as the disclosure rule sees it: one year's periods (the
// year, its quarters, its months) × areas (the whole municipality, the
// priority and rest groups, every wijk and buurt) × series (an indicator, or
// one part of a distribution). Plain data; see docs/disclosure.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/date.h"

namespace grip::disclosure {

// How the cells of a series add up.
enum class Flow {
    // A total is the sum of its parts, across areas and across periods
    // (counts of activities, of persons, of addresses).
    Additive,
    // Across areas a sum; a period's value is that of its last sub-period
    // (persons active on the last day, capacity).
    Stock,
    // No relation between cells (a share): only the primary rule applies.
    None,
};

enum class AreaKind { Municipality, Group, Area };

struct TableArea {
    std::string code;
    AreaKind kind = AreaKind::Area;
    // The index of the area above it in the table (a wijk for a buurt); 0,
    // the municipality, for a top area; -1 for the municipality and the groups.
    int parent = -1;
    // An area that counts under the priority group (it or an area above it
    // is prioritised); for the groups: true for `priority`.
    bool priority = false;
};

struct Series {
    std::string indicator;  // catalogue code
    std::string part;       // the value of a distribution's part, else empty
    bool counts_people = false;
    int64_t threshold = 10;
    Flow flow = Flow::Additive;
    // The series that is this part's total (a distribution's sum), or -1.
    int part_of = -1;
};

// The periods of a year in a table: 0 the year, 1-4 the quarters, 5-16 the months.
inline constexpr int kPeriods = 17;
std::vector<Period> periods_of_year(int year);
// The index of a period in its year's table.
int period_index(const Period& period);

struct Cell {
    int64_t value = 0;
    // The number of people the value is about: the value itself for a
    // count, the denominator for a share.
    int64_t base = 0;
};

class Table {
public:
    // areas[0] must be the municipality.
    Table(int year, std::vector<TableArea> areas, std::vector<Series> series);

    int year() const { return year_; }
    const std::vector<TableArea>& areas() const { return areas_; }
    const std::vector<Series>& series() const { return series_; }
    size_t size() const { return cells_.size(); }

    size_t index(int series, int period, int area) const {
        return (static_cast<size_t>(series) * kPeriods + static_cast<size_t>(period)) * areas_.size() +
               static_cast<size_t>(area);
    }
    int series_of(size_t cell) const { return static_cast<int>(cell / (kPeriods * areas_.size())); }
    int period_of(size_t cell) const { return static_cast<int>(cell / areas_.size() % kPeriods); }
    int area_of(size_t cell) const { return static_cast<int>(cell % areas_.size()); }

    const Cell& at(size_t cell) const { return cells_[cell]; }
    void set(int series, int period, int area, int64_t value, int64_t base) {
        cells_[index(series, period, area)] = Cell{value, base};
    }

private:
    int year_;
    std::vector<TableArea> areas_;
    std::vector<Series> series_;
    std::vector<Cell> cells_;
};

}  // namespace grip::disclosure
