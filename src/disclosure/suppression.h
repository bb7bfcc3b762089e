#pragma once
// The disclosure rule: which cells of a table are published. A cell of a
// series that counts people is suppressed when its base is above zero and
// below the series' threshold, below the whole municipality (primary
// suppression). Then further cells are suppressed until no suppressed cell
// can be computed from the published ones through the table's relations
// (secondary suppression): first, for every relation in which exactly one
// cell is suppressed, the smallest further published cell in it, to a fixed
// point; then an exact check (Gaussian elimination over the relations with
// the published cells as known) finds any cell that a combination of
// relations still determines, and a cell beside it is suppressed too, until
// none is. A cell that the whole municipality's figures alone determine is
// one of them in other words and is published. Counts of the
// municipality's own work are never suppressed.

#include <cstddef>
#include <vector>

#include "disclosure/relations.h"
#include "disclosure/table.h"

namespace grip::disclosure {

enum class Publication { Published, Primary, Secondary };

// Off only to show what secondary suppression is for (the property test).
enum class SecondarySuppression { On, Off };

// Whether an area of the table stands for the whole municipality: the
// municipality, or a group (priority, rest) that every area belongs to.
bool whole_municipality(const Table& table, int area);

// Whether a cell is suppressed by the primary rule.
bool primary(const Table& table, size_t cell);

// One entry per cell of the table.
std::vector<Publication> suppress(const Table& table, SecondarySuppression secondary = SecondarySuppression::On);

// The suppressed cells that the relations and the published cells
// determine (none after `suppress`).
std::vector<size_t> determined_cells(const Table& table, const std::vector<Relation>& relations,
                                     const std::vector<Publication>& publication);

}  // namespace grip::disclosure
