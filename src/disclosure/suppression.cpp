#include "disclosure/suppression.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace grip::disclosure {
namespace {

bool is_suppressed(Publication p) { return p != Publication::Published; }

// Arithmetic modulo a prime: the relations' coefficients are 0 and ±1, so a
// rank over this field is the rank over the rationals (but for a chance of
// about one in two thousand million per minor).
constexpr uint64_t kPrime = 2147483647;

uint64_t mul(uint64_t a, uint64_t b) { return a * b % kPrime; }
uint64_t inverse(uint64_t a) {
    uint64_t result = 1, base = a, e = kPrime - 2;
    while (e) {
        if (e & 1) result = mul(result, base);
        base = mul(base, base);
        e >>= 1;
    }
    return result;
}

struct UnionFind {
    std::vector<size_t> up;
    explicit UnionFind(size_t n) : up(n) { std::iota(up.begin(), up.end(), size_t{0}); }
    size_t find(size_t x) {
        while (up[x] != x) x = up[x] = up[up[x]];
        return x;
    }
    void join(size_t a, size_t b) { up[find(a)] = find(b); }
};

// A suppressed cell that the relations determine, with the published cells
// the combination of relations that gives it away reads (each with a
// coefficient other than zero): suppressing one of those breaks it.
struct Exposure {
    size_t cell;
    std::vector<size_t> witnesses;
};

// A sparse row: (column, value) sorted by column, no zeros.
using SparseRow = std::vector<std::pair<uint32_t, uint64_t>>;

// row - f * pivot, both sparse.
SparseRow subtract(const SparseRow& row, uint64_t f, const SparseRow& pivot) {
    SparseRow out;
    out.reserve(row.size() + pivot.size());
    size_t i = 0, j = 0;
    while (i < row.size() || j < pivot.size()) {
        if (j == pivot.size() || (i < row.size() && row[i].first < pivot[j].first)) {
            out.push_back(row[i++]);
        } else if (i == row.size() || pivot[j].first < row[i].first) {
            out.emplace_back(pivot[j].first, (kPrime - mul(f, pivot[j].second)) % kPrime);
            ++j;
        } else {
            const uint64_t v = (row[i].second + kPrime - mul(f, pivot[j].second)) % kPrime;
            if (v) out.emplace_back(row[i].first, v);
            ++i, ++j;
        }
    }
    return out;
}

// Reduced row echelon form over the unknown columns (those below
// `unknowns`; the others are the published cells, carried along): each row
// is reduced by the pivots found so far and becomes a pivot on its first
// unknown; then every pivot is cleared of the later pivots' columns. A
// pivot row with no other unknown names a determined column, and its
// published columns are what the combination reads. Sparse: the relations
// hold a handful of cells each.
std::vector<std::pair<size_t, std::vector<size_t>>> determined_columns(std::vector<SparseRow> rows, size_t unknowns) {
    std::unordered_map<uint32_t, SparseRow> pivots;  // leading column -> row with 1 there
    for (auto& row : rows) {
        while (!row.empty() && row.front().first < unknowns) {
            const uint32_t lead = row.front().first;
            auto it = pivots.find(lead);
            if (it == pivots.end()) {
                const uint64_t inv = inverse(row.front().second);
                for (auto& [c, v] : row) v = mul(v, inv);
                pivots.emplace(lead, std::move(row));
                break;
            }
            row = subtract(row, row.front().second, it->second);
        }
    }
    std::vector<uint32_t> leads;
    for (const auto& [lead, row] : pivots) leads.push_back(lead);
    std::sort(leads.begin(), leads.end(), std::greater<>());
    // From the last pivot to the first: clear each of the later pivots' columns.
    for (uint32_t lead : leads) {
        auto& row = pivots[lead];
        for (;;) {
            auto next = std::find_if(row.begin() + 1, row.end(), [&](const auto& e) {
                return e.first < unknowns && pivots.count(e.first) && e.first != lead;
            });
            if (next == row.end()) break;
            row = subtract(row, next->second, pivots[next->first]);
        }
    }
    std::vector<std::pair<size_t, std::vector<size_t>>> out;
    for (uint32_t lead : leads) {
        const auto& row = pivots[lead];
        if (std::any_of(row.begin() + 1, row.end(), [&](const auto& e) { return e.first < unknowns; })) continue;
        std::vector<size_t> witnesses;
        for (const auto& [c, v] : row)
            if (c >= unknowns) witnesses.push_back(c - unknowns);
        out.emplace_back(lead, std::move(witnesses));
    }
    return out;
}

std::vector<Exposure> exposures(const std::vector<Relation>& relations, const std::vector<Publication>& publication) {
    // Only relations with a suppressed cell say anything about one; they
    // fall apart into independent groups, each solved on its own.
    std::vector<size_t> live;
    UnionFind groups(publication.size());
    for (size_t r = 0; r < relations.size(); ++r) {
        std::optional<size_t> first;
        auto visit = [&](size_t c) {
            if (!is_suppressed(publication[c])) return;
            if (first) groups.join(c, *first);
            else first = c;
        };
        visit(relations[r].total);
        for (size_t c : relations[r].parts) visit(c);
        if (first) live.push_back(r);
    }
    std::unordered_map<size_t, std::vector<size_t>> by_group;  // group -> relations
    for (size_t r : live) {
        size_t any = relations[r].total;
        if (!is_suppressed(publication[any]))
            for (size_t c : relations[r].parts)
                if (is_suppressed(publication[c])) any = c;
        by_group[groups.find(any)].push_back(r);
    }
    std::vector<Exposure> out;
    for (const auto& [group, rels] : by_group) {
        // Columns: the group's suppressed cells first, then its published ones.
        std::vector<size_t> hidden, shown;
        std::unordered_map<size_t, size_t> hidden_at, shown_at;
        auto note = [&](size_t c) {
            if (is_suppressed(publication[c])) {
                if (hidden_at.emplace(c, hidden.size()).second) hidden.push_back(c);
            } else if (shown_at.emplace(c, shown.size()).second) {
                shown.push_back(c);
            }
        };
        for (size_t r : rels) {
            note(relations[r].total);
            for (size_t c : relations[r].parts) note(c);
        }
        auto column = [&](size_t c) {
            return is_suppressed(publication[c]) ? hidden_at[c] : hidden.size() + shown_at[c];
        };
        std::vector<SparseRow> rows;
        for (size_t r : rels) {
            std::map<uint32_t, uint64_t> entries;
            entries[static_cast<uint32_t>(column(relations[r].total))] = 1;
            for (size_t c : relations[r].parts) {
                auto& v = entries[static_cast<uint32_t>(column(c))];
                v = (v + kPrime - 1) % kPrime;
            }
            SparseRow row;
            for (const auto& [c, v] : entries)
                if (v) row.emplace_back(c, v);
            rows.push_back(std::move(row));
        }
        for (auto& [c, witnesses] : determined_columns(std::move(rows), hidden.size())) {
            Exposure e{hidden[c], {}};
            for (size_t w : witnesses) e.witnesses.push_back(shown[w]);
            out.push_back(std::move(e));
        }
    }
    std::sort(out.begin(), out.end(), [](const Exposure& a, const Exposure& b) { return a.cell < b.cell; });
    return out;
}

}  // namespace

bool whole_municipality(const Table& table, int area) {
    const auto& areas = table.areas();
    const auto& a = areas[static_cast<size_t>(area)];
    if (a.kind == AreaKind::Municipality) return true;
    if (a.kind != AreaKind::Group) return false;
    // A group that every area belongs to is the municipality by another name
    // (what counts under no area at all aside).
    bool any = false;
    for (const auto& other : areas) {
        if (other.kind != AreaKind::Area) continue;
        any = true;
        if (other.priority != a.priority) return false;
    }
    return any;
}

bool primary(const Table& table, size_t cell) {
    const auto& s = table.series()[static_cast<size_t>(table.series_of(cell))];
    if (!s.counts_people || whole_municipality(table, table.area_of(cell))) return false;
    const int64_t base = table.at(cell).base;
    return base > 0 && base < s.threshold;
}

namespace {

// The publication of the cells and of the own cells the relations hold: an
// own cell is known when it is zero, else hidden, and protected like a cell
// when it is a small count of people.
std::vector<Publication> with_own_cells(const Table& table, const std::vector<Relation>& relations,
                                        std::vector<Publication> cells) {
    cells.resize(2 * table.size(), Publication::Published);
    for (const auto& r : relations)
        for (size_t c : r.parts) {
            if (c < table.size()) continue;
            const int64_t v = value_of(table, c);
            const auto& s = table.series()[static_cast<size_t>(table.series_of(c - table.size()))];
            // What counts under no area at all is no area below the municipality.
            const bool below = table.area_of(c - table.size()) != 0;
            if (v == 0) cells[c] = Publication::Published;
            else if (below && s.counts_people && v > 0 && v < s.threshold) cells[c] = Publication::Primary;
            else cells[c] = Publication::Secondary;
        }
    return cells;
}

}  // namespace

std::vector<size_t> determined_cells(const Table& table, const std::vector<Relation>& relations,
                                     const std::vector<Publication>& publication) {
    std::vector<size_t> out;
    const auto all = with_own_cells(table, relations, publication);
    for (const auto& e : exposures(relations, all))
        if (e.cell < table.size() || all[e.cell] == Publication::Primary) out.push_back(e.cell);
    return out;
}

std::vector<Publication> suppress(const Table& table, SecondarySuppression secondary) {
    std::vector<Publication> out(table.size(), Publication::Published);
    for (size_t c = 0; c < table.size(); ++c)
        if (primary(table, c)) out[c] = Publication::Primary;
    if (secondary == SecondarySuppression::Off) return out;

    const auto relations = relations_of(table);
    out = with_own_cells(table, relations, std::move(out));
    std::vector<std::vector<size_t>> of_cell(out.size());
    for (size_t r = 0; r < relations.size(); ++r) {
        of_cell[relations[r].total].push_back(r);
        for (size_t c : relations[r].parts) of_cell[c].push_back(r);
    }
    // The published cell whose suppression costs least: below the whole
    // municipality before it (whose figures are the ones people look for),
    // a count above zero before a zero (a zero may be known to be one),
    // then the smallest value.
    std::vector<char> whole(table.areas().size());
    for (size_t a = 0; a < whole.size(); ++a) whole[a] = whole_municipality(table, static_cast<int>(a));
    auto cost = [&](size_t c) {
        return std::make_tuple(whole[static_cast<size_t>(table.area_of(c))] != 0, table.at(c).value <= 0,
                               table.at(c).value, c);
    };
    // Cells that the municipality's figures alone give: published for good.
    std::vector<char> municipal(table.size(), 0);
    auto eligible = [&](size_t c) {
        return c < table.size() && !is_suppressed(out[c]) && !municipal[c] &&
               table.series()[static_cast<size_t>(table.series_of(c))].counts_people;
    };
    std::deque<size_t> work;
    auto mark = [&](size_t c) {
        out[c] = Publication::Secondary;
        for (size_t r : of_cell[c]) work.push_back(r);
    };
    auto best_of = [&](const std::vector<size_t>& rels) -> std::optional<size_t> {
        std::optional<size_t> best;
        for (size_t r : rels) {
            auto consider = [&](size_t c) {
                if (eligible(c) && !whole[static_cast<size_t>(table.area_of(c))] && (!best || cost(c) < cost(*best)))
                    best = c;
            };
            consider(relations[r].total);
            for (size_t c : relations[r].parts) consider(c);
        }
        return best;
    };
    // A cell that the municipality's figures alone give is one of them in
    // other words: published (an own cell: no longer protected).
    auto release = [&](size_t c) {
        out[c] = c < table.size() ? Publication::Published : Publication::Secondary;
        if (c < table.size()) municipal[c] = 1;
        for (size_t r : of_cell[c]) work.push_back(r);
    };
    for (size_t r = 0; r < relations.size(); ++r) work.push_back(r);
    for (;;) {
        while (!work.empty()) {
            const size_t r = work.front();
            work.pop_front();
            int hidden = is_suppressed(out[relations[r].total]) ? 1 : 0;
            bool protect = hidden > 0;
            for (size_t c : relations[r].parts) {
                hidden += is_suppressed(out[c]) ? 1 : 0;
                // An own cell that is no small count of people may follow.
                protect = protect || (is_suppressed(out[c]) && (c < table.size() || out[c] == Publication::Primary));
            }
            if (hidden != 1 || !protect) continue;
            if (auto c = best_of({r})) {
                mark(*c);
            } else {
                // Only the municipality's figures are left: they give the cell.
                size_t only = relations[r].total;
                for (size_t c : relations[r].parts)
                    if (is_suppressed(out[c])) only = c;
                release(only);
            }
        }
        // What a combination of relations still gives away.
        // Per exposed cell, the cheapest published cell its combination
        // reads is suppressed too; one per cell and round, since one may
        // cover several.
        bool changed = false;
        for (const auto& e : exposures(relations, out)) {
            if (e.cell >= table.size() && out[e.cell] != Publication::Primary) continue;
            // A cell suppressed since in this round may already break this combination.
            if (std::any_of(e.witnesses.begin(), e.witnesses.end(), [&](size_t w) { return is_suppressed(out[w]); }))
                continue;
            std::optional<size_t> best;
            for (size_t c : e.witnesses)
                if (eligible(c) && !whole[static_cast<size_t>(table.area_of(c))] && (!best || cost(c) < cost(*best)))
                    best = c;
            if (best) {
                mark(*best);
            } else {
                // The figures of the whole municipality alone give it: it is
                // one of them in other words (a group without the other's
                // areas, say), and suppressing it would hide nothing.
                release(e.cell);
            }
            changed = true;
        }
        if (!changed) break;
    }
    out.resize(table.size());
    return out;
}

}  // namespace grip::disclosure
