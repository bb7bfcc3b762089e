#pragma once
// The figures the store maintains at write time (a role of Store,
// storage/store.h): the areas with their stable ids, the memberships of
// distinct tallies, the cells, and the activities active on a day. The rows
// are plain data (storage/figure_rows.h); counting is indicators/' business.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "storage/figure_rows.h"

namespace grip::storage {

// An activity that is active at a date (active_at_end), resolved.
struct ActiveActivity {
    int64_t person_subject = 0;
    int32_t area_id = 0;
};

// Areas and maintained figures.
class FigureStore {
public:
    virtual ~FigureStore() = default;

    // Areas with their stable ids.
    virtual Result<std::vector<AreaInfo>> areas() = 0;

    // Maintained figures.
    virtual Result<std::vector<MemberRow>> members(int32_t tally, int64_t subject) = 0;
    // Adds a subject's rows; `replace`: deletes the rows the store has for it
    // first (with no rows given, that alone).
    virtual Status put_members(int32_t tally, int64_t subject, const std::vector<MemberRow>& rows, bool replace) = 0;
    virtual Status add_cells(const CellDeltas& deltas) = 0;
    virtual Status clear_figures() = 0;
    // Cells for the given period keys (all areas when area_keys is empty).
    virtual Result<std::vector<std::pair<CellKey, int64_t>>> cells(const std::vector<int32_t>& period_keys,
                                                                   const std::vector<int32_t>& area_keys) = 0;

    // Each (tally, subject, leaf area) with a membership in a month from
    // `month_from` to `month_to` (month indexes), once: the union the
    // distinct counts of a date range are taken from.
    virtual Result<std::vector<RangeMember>> members_in_months(int32_t month_from, int32_t month_to) = 0;

    // Activities of a type active on a date: date <= day and (no end_date or end_date >= day).
    virtual Result<std::vector<ActiveActivity>> active_on(std::string_view type, std::string_view day) = 0;
};

}  // namespace grip::storage
