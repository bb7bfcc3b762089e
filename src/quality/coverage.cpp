#include "quality/coverage.h"

#include <algorithm>

namespace grip::quality {
namespace json = boost::json;

json::object Coverage::to_json() const {
    json::object o;
    o["expected"] = expected;
    o["delivered"] = delivered;
    o["pending"] = pending;
    o["complete"] = complete();
    json::array m, l;
    for (const auto& n : missing) m.emplace_back(n);
    for (const auto& n : late) l.emplace_back(n);
    o["missing"] = std::move(m);
    o["late"] = std::move(l);
    return o;
}

namespace {

bool overlaps(const Period& a, const Period& b) {
    return a.first_day() <= b.last_day() && b.first_day() <= a.last_day();
}

bool expects(const catalogue::DeliveryExpectation& e, const catalogue::IndicatorDef& d) {
    auto has = [](const std::vector<std::string>& v, const std::string& c) {
        return !c.empty() && std::find(v.begin(), v.end(), c) != v.end();
    };
    return has(e.activity_types, d.activity_type) || has(e.aggregate_types, d.aggregate_type);
}

}  // namespace

std::optional<Coverage> coverage_of(const catalogue::IndicatorDef& indicator, const DeliveryCalendar& calendar,
                                    const Period& period) {
    Coverage c;
    bool any = false;
    for (const auto& row : calendar.rows) {
        if (!expects(*row.expectation, indicator)) continue;
        bool expected = false, missing = false, late = false, pending = false;
        for (const auto& cell : row.cells) {
            if (cell.state == DeliveryState::NotExpected || !overlaps(cell.period, period)) continue;
            expected = true;
            missing = missing || cell.state == DeliveryState::Missing;
            late = late || cell.state == DeliveryState::Late;
            pending = pending || cell.state == DeliveryState::NotYetDue;
        }
        if (!expected) continue;
        any = true;
        ++c.expected;
        if (missing) c.missing.push_back(row.source.name);
        else if (pending) ++c.pending;
        else ++c.delivered;
        if (late) c.late.push_back(row.source.name);
    }
    if (!any) return std::nullopt;
    return c;
}

}  // namespace grip::quality
