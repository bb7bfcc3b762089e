#include "quality/delivery_calendar.h"
#include "common/json_fields.h"

#include <algorithm>
#include <chrono>

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace grip::quality {
using catalogue::DeliveryExpectation;
using catalogue::SourceKind;

std::string_view state_name(DeliveryState state) {
    switch (state) {
        case DeliveryState::OnTime: return "on_time";
        case DeliveryState::Late: return "late";
        case DeliveryState::Missing: return "missing";
        case DeliveryState::NotYetDue: return "not_yet_due";
        case DeliveryState::NotExpected: return "not_expected";
    }
    return "not_expected";
}

namespace {

bool selects(const DeliveryExpectation& e, const Source& s) {
    switch (e.source_kind) {
        case SourceKind::Organisation: return !s.is_location && s.id == e.source;
        case SourceKind::Location: return s.is_location && s.id == e.source;
        case SourceKind::OrganisationType: return !s.is_location && s.type == e.source;
        case SourceKind::LocationType: return s.is_location && s.type == e.source;
    }
    return false;
}

bool open_in(const Source& s, const Period& p) {
    if (s.opened && *s.opened > p.last_day()) return false;
    if (s.closed && *s.closed < p.first_day()) return false;
    return true;
}

bool listed(const std::vector<std::string>& codes, std::string_view code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// Whether an arrival counts for this source and period.
bool counts_for(const storage::SourceArrival& a, const DeliveryExpectation& e, const Source& s, const Period& p) {
    if (a.kind == records::Kind::Aggregate) {
        if (s.is_location || a.organisation != s.id || !listed(e.aggregate_types, a.type)) return false;
        const auto period = Period::parse(a.period);
        return period && p.contains(*period);
    }
    if (!listed(e.activity_types, a.type)) return false;
    if (s.is_location ? a.location != s.id : a.organisation != s.id) return false;
    const auto month = Period::parse(a.period);
    return month && p.contains(*month);
}

std::vector<Period> periods_of(catalogue::DeliveryFrequency f, int year) {
    std::vector<Period> out;
    if (f == catalogue::DeliveryFrequency::Quarter)
        for (int q = 1; q <= 4; ++q) out.push_back(Period::quarter_of(year, q));
    else
        for (int m = 1; m <= 12; ++m) out.push_back(Period::month_of(year, m));
    return out;
}

}  // namespace

DeliveryCalendar build_calendar(const std::vector<DeliveryExpectation>& expectations,
                                const std::vector<Source>& sources, const std::vector<storage::SourceArrival>& arrivals,
                                int year, std::string_view now) {
    DeliveryCalendar out;
    out.year = year;
    const std::string today(now.substr(0, 10));
    for (const auto& e : expectations) {
        for (const auto& s : sources) {
            if (!selects(e, s)) continue;
            CalendarRow row{&e, s, {}};
            for (const auto& p : periods_of(e.frequency, year)) {
                CalendarCell cell;
                cell.period = p;
                cell.due = p.last_day() + e.due_days;
                if (!s.is_location || open_in(s, p)) {
                    for (const auto& a : arrivals) {
                        if (!counts_for(a, e, s, p)) continue;
                        cell.records += a.records;
                        cell.last_at = std::max(cell.last_at, a.last_at);
                    }
                    const std::string due = cell.due.iso();
                    if (cell.records > 0)
                        cell.state = cell.last_at.substr(0, 10) <= due ? DeliveryState::OnTime : DeliveryState::Late;
                    else cell.state = today > due ? DeliveryState::Missing : DeliveryState::NotYetDue;
                }
                row.cells.push_back(std::move(cell));
            }
            const bool expected = std::any_of(row.cells.begin(), row.cells.end(), [](const CalendarCell& c) {
                return c.state != DeliveryState::NotExpected;
            });
            if (expected) out.rows.push_back(std::move(row));
        }
    }
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const CalendarRow& a, const CalendarRow& b) { return a.source.name < b.source.name; });
    return out;
}

boost::json::object calendar_json(const DeliveryCalendar& calendar, std::string_view now) {
    namespace json = boost::json;
    json::array rows;
    json::object summary{{"on_time", 0}, {"late", 0}, {"missing", 0}, {"not_yet_due", 0}};
    for (const auto& row : calendar.rows) {
        const auto& e = *row.expectation;
        json::array cells, activity_types, aggregate_types;
        for (const auto& c : row.cells) {
            json::object cell{{"period", c.period.text()},
                              {"due", c.due.iso()},
                              {"state", state_name(c.state)},
                              {"records", c.records}};
            cell["last_at"] = c.last_at.empty() ? json::value(nullptr) : json::value(c.last_at);
            if (auto* n = summary.if_contains(state_name(c.state))) *n = n->as_int64() + 1;
            cells.push_back(std::move(cell));
        }
        for (const auto& t : e.activity_types) activity_types.emplace_back(t);
        for (const auto& t : e.aggregate_types) aggregate_types.emplace_back(t);
        rows.push_back(
            json::object{{"source", json::object{{"kind", row.source.is_location ? "location" : "organisation"},
                                                 {"id", row.source.id},
                                                 {"name", row.source.name},
                                                 {"type", row.source.type}}},
                         {"activity_types", std::move(activity_types)},
                         {"aggregate_types", std::move(aggregate_types)},
                         {"frequency", e.frequency == catalogue::DeliveryFrequency::Quarter ? "quarter" : "month"},
                         {"due_days", e.due_days},
                         {"cells", std::move(cells)}});
    }
    return json::object{{"year", calendar.year},
                        {"today", std::string(now.substr(0, 10))},
                        {"rows", std::move(rows)},
                        {"summary", std::move(summary)}};
}

Result<std::vector<Source>> load_sources(storage::Store& store) {
    std::vector<Source> out;
    auto text = [](const storage::StoredRecord& r, std::string_view key) { return string_value(r.record.fields, key); };
    auto date = [&](const storage::StoredRecord& r, std::string_view key) { return Date::parse(text(r, key)); };
    for (const auto& r : TRY(store.all_current(records::Kind::Organisation))) {
        if (r.withdrawn) continue;
        out.push_back({false, r.record.id, text(r, "name"), text(r, "type"), {}, {}});
    }
    for (const auto& r : TRY(store.all_current(records::Kind::Location))) {
        if (r.withdrawn) continue;
        out.push_back({true, r.record.id, text(r, "name"), text(r, "type"), date(r, "opened"), date(r, "closed")});
    }
    return out;
}

Result<DeliveryCalendar> calendar_of(storage::Store& store, const catalogue::Catalogue& catalogue, int year,
                                     std::string_view now) {
    if (catalogue.delivery_calendar.empty()) return DeliveryCalendar{year, {}};
    const auto sources = TRY(load_sources(store));
    // Only the expected types are read: the calendar stays quick in a store of millions of activities.
    std::vector<std::string> types{""};  // "" matches no type, so that a calendar of aggregates alone reads no activity
    for (const auto& e : catalogue.delivery_calendar)
        for (const auto& t : e.activity_types)
            if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    const auto arrivals =
        TRY(store.source_arrivals(Date::from_ymd(year, 1, 1).iso(), Date::from_ymd(year, 12, 31).iso(), types));
    return build_calendar(catalogue.delivery_calendar, sources, arrivals, year, now);
}

}  // namespace grip::quality
