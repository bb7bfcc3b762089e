#pragma once
// The additive relations of a table: "total = sum of parts" along the area
// hierarchy (a wijk and its buurten, the municipality and its top areas,
// the municipality and its priority and rest groups, each group and the
// areas it consists of), along time (the year and its quarters, a quarter
// and its months; for a stock the last one alone) and in a distribution (a
// total and its parts). Someone who knows the published cells can combine
// these; the disclosure rule makes sure that no suppressed cell follows.
//
// What counts under an area but under none of its sub-areas (a wijk's
// activities without a buurt, the municipality's without any area) is a
// hidden cell of its own, an "own" cell: index table.size() + the area's
// cell index. It is never published; when it is zero, it is taken as known
// (everyone may assume that every activity has a buurt); otherwise it is an
// unknown of the relations it is in, which tie it to the priority and rest
// groups as well.
//
// Distinct persons need not add up across areas (one person in two buurten)
// or periods (one person in two quarters). A relation that the figures do
// not satisfy exactly is left out: what links its cells is then an overlap
// no one outside knows.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "disclosure/table.h"

namespace grip::disclosure {

struct Relation {
    size_t total = 0;           // a cell of the table
    std::vector<size_t> parts;  // its parts (own cells among them)
};

// The value of a cell or an own cell.
int64_t value_of(const Table& table, size_t cell);

std::vector<Relation> relations_of(const Table& table);

}  // namespace grip::disclosure
