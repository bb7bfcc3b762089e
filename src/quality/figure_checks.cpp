#include "quality/figure_checks.h"

#include <algorithm>

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "quality/check_counts.h"

namespace grip::quality {
namespace json = boost::json;
using catalogue::CheckOp;
using catalogue::CheckTermKind;

json::array CheckOutcome::to_json() const {
    json::array out;
    for (const auto& f : broken) {
        json::object o;
        o["code"] = f.check->code;
        o["label"] = f.check->label;
        o["period"] = f.period.text();
        if (!f.location.empty()) {
            o["location"] = f.location;
            o["location_name"] = f.location_name;
        }
        o["left"] = f.left;
        o["right"] = f.right;
        out.push_back(std::move(o));
    }
    return out;
}

namespace {

bool holds(int64_t l, CheckOp op, int64_t r) {
    switch (op) {
        case CheckOp::LessOrEqual: return l <= r;
        case CheckOp::Less: return l < r;
        case CheckOp::Equal: return l == r;
        case CheckOp::GreaterOrEqual: return l >= r;
        case CheckOp::Greater: return l > r;
    }
    return true;
}

int64_t location_term(const catalogue::CheckTerm& t, const LocationFacts& l, const Period& p) {
    if (t.kind == CheckTermKind::LocationCapacityDays) return l.capacity.value_or(0) * open_days(l, p);
    const auto it = l.activities.find(t.code);
    return it == l.activities.end() ? 0 : it->second;
}

}  // namespace

int64_t open_days(const LocationFacts& l, const Period& p) {
    Date from = p.first_day(), to = p.last_day();
    if (l.opened && *l.opened > from) from = *l.opened;
    if (l.closed && *l.closed < to) to = *l.closed;
    return to < from ? 0 : to.days() - from.days() + 1;
}

bool meets(const json::object& fields, const std::vector<catalogue::CheckCondition>& where) {
    const auto* attrs = fields.if_contains("attributes");
    for (const auto& c : where) {
        const json::value* v = attrs && attrs->is_object() ? attrs->get_object().if_contains(c.attribute) : nullptr;
        if (!v) return false;
        auto listed = [&](const json::value& x) {
            std::string text = x.is_string() ? std::string(x.get_string())
                               : x.is_bool() ? (x.get_bool() ? "true" : "false")
                                             : "";
            return std::find(c.in.begin(), c.in.end(), text) != c.in.end();
        };
        const bool ok = v->is_array() ? std::any_of(v->get_array().begin(), v->get_array().end(), listed) : listed(*v);
        if (!ok) return false;
    }
    return true;
}

CheckOutcome evaluate_checks(const std::vector<catalogue::CheckDef>& checks, const Period& period,
                             const TermValue& indicator, const std::vector<LocationFacts>& locations) {
    CheckOutcome out;
    for (const auto& c : checks) {
        if (c.location_type.empty()) {
            const auto l = indicator(c.left), r = indicator(c.right);
            if (!l || !r) continue;
            ++out.evaluated;
            if (!holds(*l, c.op, *r)) out.broken.push_back({&c, period, {}, {}, *l, *r});
            continue;
        }
        for (const auto& loc : locations) {
            if (loc.type != c.location_type || open_days(loc, period) == 0) continue;
            const bool on_capacity = c.left.kind == CheckTermKind::LocationCapacityDays ||
                                     c.right.kind == CheckTermKind::LocationCapacityDays;
            if (on_capacity && !loc.capacity) continue;
            const int64_t l = location_term(c.left, loc, period), r = location_term(c.right, loc, period);
            ++out.evaluated;
            if (!holds(l, c.op, r)) out.broken.push_back({&c, period, loc.id, loc.name, l, r});
        }
    }
    return out;
}

Result<int64_t> count_in_store(storage::Store& store, const catalogue::CheckTerm& term, const Period& period) {
    storage::RecordFilter filter;
    filter.type = term.code;
    filter.date_from = period.first_day().iso();
    filter.date_to = period.last_day().iso();
    int64_t n = 0;
    std::string after;
    for (;;) {
        const auto page = TRY(store.list_current(records::Kind::Activity, filter, after, 1000));
        for (const auto& r : page)
            if (!r.withdrawn && meets(r.record.fields, term.where)) ++n;
        if (page.size() < 1000) break;
        after = page.back().record.id;
    }
    return n;
}

Result<CheckOutcome> checks_of(storage::Store& store, const catalogue::Catalogue& catalogue, indicators::Engine& engine,
                               const Period& period, const CheckCounts* known) {
    return checks_of(store, catalogue.checks, engine, period, known);
}

Result<CheckOutcome> checks_of(storage::Store& store, const std::vector<catalogue::CheckDef>& checks,
                               indicators::Engine& engine, const Period& period, const CheckCounts* known) {
    if (checks.empty()) return CheckOutcome{};
    const auto set = TRY(engine.compute(period, ""));
    // Count terms: counted during a first load, else the activities of the
    // type dated in the period, page by page.
    std::map<const catalogue::CheckTerm*, int64_t> counts;
    for (const auto& c : checks) {
        if (!c.location_type.empty()) continue;
        for (const auto* t : {&c.left, &c.right}) {
            if (t->kind != CheckTermKind::Count) continue;
            auto counted = known ? known->count(*t, period) : std::nullopt;
            if (!counted) counted = TRY(count_in_store(store, *t, period));
            counts[t] = *counted;
        }
    }
    const TermValue indicator = [&set, &counts](const catalogue::CheckTerm& t) -> std::optional<int64_t> {
        if (t.kind == CheckTermKind::Count) {
            const auto it = counts.find(&t);
            return it == counts.end() ? std::nullopt : std::optional<int64_t>(it->second);
        }
        const auto* f = set.find(t.code);
        if (!f) return std::nullopt;
        return f->number();
    };
    std::vector<LocationFacts> locations;
    const bool per_location = std::any_of(checks.begin(), checks.end(),
                                          [](const catalogue::CheckDef& c) { return !c.location_type.empty(); });
    if (per_location) {
        auto text = [](const storage::StoredRecord& r, std::string_view key) {
            return string_value(r.record.fields, key);
        };
        for (const auto& r : TRY(store.all_current(records::Kind::Location))) {
            if (r.withdrawn) continue;
            LocationFacts l{r.record.id,
                            text(r, "name"),
                            text(r, "type"),
                            std::nullopt,
                            Date::parse(text(r, "opened")),
                            Date::parse(text(r, "closed")),
                            {}};
            if (const auto* c = r.record.fields.if_contains("capacity"); c && c->is_int64())
                l.capacity = c->get_int64();
            locations.push_back(std::move(l));
        }
        std::vector<std::string> types{""};  // "" matches no type
        for (const auto& c : checks)
            for (const auto* t : {&c.left, &c.right})
                if (t->kind == catalogue::CheckTermKind::LocationCount) types.push_back(t->code);
        for (const auto& a : TRY(store.source_arrivals(period.first_day().iso(), period.last_day().iso(), types))) {
            if (a.kind != records::Kind::Activity || a.location.empty()) continue;
            for (auto& l : locations)
                if (l.id == a.location) l.activities[a.type] += a.records;
        }
    }
    return evaluate_checks(checks, period, indicator, locations);
}

namespace {

std::string field_text(const records::Record& r, std::string_view key) { return string_value(r.fields, key); }

bool involves(const catalogue::Catalogue& catalogue, const catalogue::CheckTerm& t, std::string_view type) {
    if (t.kind == CheckTermKind::LocationCount || t.kind == CheckTermKind::Count) return t.code == type;
    if (t.kind != CheckTermKind::Indicator) return false;
    const auto* d = catalogue.indicator(t.code);
    return d && d->activity_type == type;
}

}  // namespace

void Touched::add(const records::Record& activity) {
    const auto type = field_text(activity, "type");
    const auto date = Date::parse(field_text(activity, "date"));
    if (type.empty() || !date) return;
    types.insert(type);
    months.insert(Period::month_of(date->year(), static_cast<int>(date->month())));
    if (auto location = field_text(activity, "location"); !location.empty()) locations.insert(std::move(location));
}

Result<json::array> warnings_for(storage::Store& store, const catalogue::Catalogue& catalogue,
                                 indicators::Engine& engine, const Touched& touched, bool indicators,
                                 const CheckCounts* counts, size_t max_months) {
    std::vector<catalogue::CheckDef> relevant;
    for (const auto& c : catalogue.checks) {
        if (!indicators && c.location_type.empty()) continue;
        for (const auto& type : touched.types)
            if (involves(catalogue, c.left, type) || involves(catalogue, c.right, type)) {
                relevant.push_back(c);
                break;
            }
    }
    json::array out;
    if (relevant.empty()) return out;
    size_t months = 0;
    for (const auto& month : touched.months) {
        if (++months > max_months) break;
        auto outcome = TRY(checks_of(store, relevant, engine, month, counts));
        std::erase_if(outcome.broken, [&](const CheckFinding& f) {
            return !f.location.empty() && !touched.locations.contains(f.location);
        });
        for (auto& w : outcome.to_json()) out.push_back(std::move(w));
    }
    return out;
}

}  // namespace grip::quality
