#include "disclosure/relations.h"

namespace grip::disclosure {
namespace {

// An area relation within one period: the total area, its part areas, and
// the areas whose own cells are parts too.
struct AreaRelation {
    int total;
    std::vector<int> parts;
    std::vector<int> owns;
};

std::vector<std::vector<int>> children_of(const std::vector<TableArea>& areas) {
    const int n = static_cast<int>(areas.size());
    std::vector<std::vector<int>> children(static_cast<size_t>(n));
    for (int a = 0; a < n; ++a)
        if (areas[a].kind == AreaKind::Area && areas[a].parent >= 0 && areas[a].parent < n)
            children[static_cast<size_t>(areas[a].parent)].push_back(a);
    return children;
}

std::vector<AreaRelation> area_relations(const std::vector<TableArea>& areas) {
    const int n = static_cast<int>(areas.size());
    std::vector<AreaRelation> out;
    const auto children = children_of(areas);
    // An area is its sub-areas and its own cell (the municipality: its top areas).
    for (int a = 0; a < n; ++a)
        if (!children[static_cast<size_t>(a)].empty()) out.push_back({a, children[static_cast<size_t>(a)], {a}});
    int priority = -1, rest = -1;
    for (int a = 0; a < n; ++a)
        if (areas[a].kind == AreaKind::Group) (areas[a].priority ? priority : rest) = a;
    if (priority < 0 || rest < 0) return out;
    // The municipality is both groups and what has no area.
    out.push_back({0, {priority, rest}, {0}});
    // Each group is what counts under its areas alone: a buurt, and the own
    // cell of a wijk.
    AreaRelation p{priority, {}, {}}, r{rest, {}, {}};
    for (int a = 0; a < n; ++a) {
        if (areas[a].kind != AreaKind::Area) continue;
        auto& group = areas[a].priority ? p : r;
        (children[static_cast<size_t>(a)].empty() ? group.parts : group.owns).push_back(a);
    }
    out.push_back(std::move(p));
    out.push_back(std::move(r));
    return out;
}

}  // namespace

int64_t value_of(const Table& table, size_t cell) {
    if (cell < table.size()) return table.at(cell).value;
    // An own cell: the area less its sub-areas.
    const size_t of = cell - table.size();
    const int s = table.series_of(of), p = table.period_of(of), area = table.area_of(of);
    int64_t value = table.at(of).value;
    const auto& areas = table.areas();
    for (int a = 0; a < static_cast<int>(areas.size()); ++a)
        if (areas[a].kind == AreaKind::Area && areas[a].parent == area) value -= table.at(table.index(s, p, a)).value;
    return value;
}

std::vector<Relation> relations_of(const Table& table) {
    std::vector<Relation> all;
    const auto& series = table.series();
    const int areas = static_cast<int>(table.areas().size());
    const auto by_area = area_relations(table.areas());
    for (int s = 0; s < static_cast<int>(series.size()); ++s) {
        const Flow flow = series[static_cast<size_t>(s)].flow;
        if (flow == Flow::None) continue;
        for (int p = 0; p < kPeriods; ++p)
            for (const auto& ar : by_area) {
                Relation r{table.index(s, p, ar.total), {}};
                for (int a : ar.parts) r.parts.push_back(table.index(s, p, a));
                for (int a : ar.owns) r.parts.push_back(table.size() + table.index(s, p, a));
                all.push_back(std::move(r));
            }
        for (int a = 0; a < areas; ++a) {
            if (flow == Flow::Additive) {
                all.push_back({table.index(s, 0, a), {}});
                for (int q = 1; q <= 4; ++q) all.back().parts.push_back(table.index(s, q, a));
                for (int q = 1; q <= 4; ++q) {
                    Relation r{table.index(s, q, a), {}};
                    for (int m = 3 * q - 2; m <= 3 * q; ++m) r.parts.push_back(table.index(s, 4 + m, a));
                    all.push_back(std::move(r));
                }
            } else {
                // A stock at the end of the year is the one at the end of its
                // last quarter, and of that quarter's last month.
                all.push_back({table.index(s, 0, a), {table.index(s, 4, a)}});
                for (int q = 1; q <= 4; ++q) all.push_back({table.index(s, q, a), {table.index(s, 4 + 3 * q, a)}});
            }
        }
    }
    // A distribution's total and its parts.
    for (int t = 0; t < static_cast<int>(series.size()); ++t) {
        std::vector<int> parts;
        for (int s = 0; s < static_cast<int>(series.size()); ++s)
            if (series[static_cast<size_t>(s)].part_of == t) parts.push_back(s);
        if (parts.empty()) continue;
        for (int p = 0; p < kPeriods; ++p)
            for (int a = 0; a < areas; ++a) {
                Relation r{table.index(t, p, a), {}};
                for (int s : parts) r.parts.push_back(table.index(s, p, a));
                all.push_back(std::move(r));
            }
    }
    // Only what the figures satisfy exactly.
    std::vector<Relation> out;
    for (auto& r : all) {
        int64_t rest = value_of(table, r.total);
        for (size_t c : r.parts) rest -= value_of(table, c);
        if (rest == 0) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace grip::disclosure
