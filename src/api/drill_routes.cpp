// /api/v1/indicators/{code}/records and .../provenance: what is behind a
// figure. The records it counts (indicators/drill_through: the counting
// rule of the maintained figures run over the period's records, so that
// they make the figure again), as far as the role may see them (the same
// need-to-know as the records routes: own-scope roles see their own,
// personal fields only with personal data; the rest is counted as withheld,
// never listed), and where they came from: the deliveries, the sources with
// when each last delivered, and how many person records were counted as
// one person. The public role sees figures as published, never what is
// behind them.

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/map_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "indicators/drill_through.h"
#include "indicators/engine.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;
namespace json = boost::json;

namespace {

// The figure asked for: its indicator, period and area, the engine's value
// and the records behind it.
struct Asked {
    const catalogue::IndicatorDef* def = nullptr;
    Period period = Period::year_of(2000);
    int32_t area_key = indicators::kAreaAll;
    std::string area_code, area_name;
    json::value value;
    std::vector<indicators::CountedRecord> records;  // under the area
};

// One record listed once (a share's record may count in both parts, a
// distribution's under several values).
struct Listed {
    records::Kind kind;
    std::string id;
    json::array counted;  // [{part, adds}]
};

Result<Asked> asked(Call& call, http::Response& refusal) {
    Asked a;
    const auto& catalogue = call.services.catalogue.catalogue;
    a.def = catalogue.indicator(call.path.at("code"));
    if (!a.def) {
        refusal = problem(status::not_found, "no such indicator");
        return Error::not_found("indicator");
    }
    const auto period = Period::parse(call.query_value("period"));
    if (!period) {
        refusal = problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
        return Error::invalid("period");
    }
    a.period = *period;
    indicators::DrillThrough drill(*call.db.store, catalogue);
    TRY(drill.load_areas());
    const auto area = call.query_value("area");
    const auto& municipality = call.db.store->municipality();
    std::optional<int32_t> key = area.empty() || area == municipality ? std::optional<int32_t>(indicators::kAreaAll)
                                                                      : drill.areas().key_for_request(area);
    if (!key) {
        refusal = problem(status::bad_request, "no such area",
                          {{"area", "an area code (gemeente, wijk, buurt), `priority` or `rest`"}});
        return Error::invalid("area");
    }
    a.area_key = *key;
    a.area_code = drill.areas().code_of_key(*key, municipality);
    a.area_name =
        *key == indicators::kAreaAll ? catalogue.municipality_name_of(municipality) : drill.areas().label_of_key(*key);
    auto& engine = call.db.indicators(catalogue);
    auto set = TRY(engine.compute(a.period, area));
    if (const auto* f = set.find(a.def->code)) a.value = f->value;
    a.records = indicators::DrillThrough::under(TRY(drill.counted(*a.def, a.period)), a.area_key);
    return a;
}

json::object head_of(const Asked& a) {
    json::object out{{"indicator", a.def->code},
                     {"label", a.def->label},
                     {"measure", catalogue::measure_name(a.def->measure)},
                     {"period", a.period.text()},
                     {"area", a.area_code},
                     {"area_name", a.area_name},
                     {"value", a.value},
                     {"total", indicators::DrillThrough::value_of(*a.def, a.records)}};
    if (const auto n = indicators::DrillThrough::subjects_of(a.records); n > 0) out["subjects"] = n;
    return out;
}

std::vector<Listed> listed_of(const std::vector<indicators::CountedRecord>& records) {
    std::vector<Listed> out;
    for (const auto& r : records) {
        if (out.empty() || out.back().kind != r.kind || out.back().id != r.id) out.push_back({r.kind, r.id, {}});
        json::object c{{"adds", r.weight == static_cast<double>(static_cast<int64_t>(r.weight))
                                    ? json::value(static_cast<int64_t>(r.weight))
                                    : json::value(r.weight)}};
        if (!r.part.empty()) c["part"] = r.part;
        out.back().counted.push_back(std::move(c));
    }
    return out;
}

http::Response public_refusal() {
    return problem(status::forbidden,
                   "the public role sees the figures as published, not the records or sources behind them");
}

Answer records(Call& call) {
    if (call.role().public_figures) return public_refusal();
    http::Response refusal;
    auto a = asked(call, refusal);
    if (!a)
        return a.error().code == ErrorCode::NotFound || a.error().code == ErrorCode::Invalid ? refusal
                                                                                             : problem_from(a.error());
    auto limit = TRY(page_limit(call));
    const auto cursor_text = call.query_value("cursor");
    const auto cursor = cursor_text.empty() ? std::optional<int64_t>(0) : whole_number(cursor_text, 0, INT64_MAX);
    if (!cursor) return problem(status::bad_request, "bad cursor", {{"cursor", "the next_cursor of the page before"}});

    // Which records the role may see: every one of a kind it reads when its
    // scope is all, else each as the records routes decide.
    const auto listed = listed_of(a->records);
    const bool all_visible = call.role().scope == auth::Role::Scope::All;
    std::vector<const Listed*> visible;
    for (const auto& l : listed) {
        if (!call.role().can_read(l.kind)) continue;
        if (all_visible) {
            visible.push_back(&l);
            continue;
        }
        auto stored = TRY(call.db.store->current(l.kind, l.id));
        if (!stored) continue;
        auto may = TRY(may_see(call, *stored));
        if (may) visible.push_back(&l);
    }
    json::array items;
    size_t next = static_cast<size_t>(*cursor);
    for (; next < visible.size() && static_cast<int>(items.size()) < limit; ++next) {
        const auto& l = *visible[next];
        auto stored = TRY(call.db.store->current(l.kind, l.id));
        if (!stored) continue;
        auto view = TRY(record_view(call, *stored));
        TRY(log_if_personal(call, "list", *stored));
        view["_counted"] = l.counted;
        items.push_back(std::move(view));
    }
    auto out = head_of(*a);
    out["records"] = static_cast<int64_t>(listed.size());
    out["shown"] = static_cast<int64_t>(visible.size());
    out["withheld"] = static_cast<int64_t>(listed.size() - visible.size());
    out["items"] = std::move(items);
    out["next_cursor"] = next < visible.size() ? json::value(std::to_string(next)) : json::value(nullptr);
    return json_response(status::ok, out);
}

Answer provenance(Call& call) {
    if (call.role().public_figures) return public_refusal();
    http::Response refusal;
    auto a = asked(call, refusal);
    if (!a)
        return a.error().code == ErrorCode::NotFound || a.error().code == ErrorCode::Invalid ? refusal
                                                                                             : problem_from(a.error());
    auto& store = *call.db.store;
    const auto listed = listed_of(a->records);

    // The deliveries whose versions are counted, with when each finished.
    std::map<int64_t, int64_t> per_delivery;
    std::set<std::pair<int64_t, std::string>> seen;
    for (const auto& r : a->records)
        if (seen.insert({r.delivery, r.id}).second) ++per_delivery[r.delivery];
    std::map<int64_t, storage::DeliverySummary> deliveries;
    auto all = TRY(store.deliveries());
    for (auto& d : all)
        if (per_delivery.count(d.id)) deliveries.emplace(d.id, std::move(d));

    // The sources (organisation and location) and when each last delivered
    // records for the period (Store::source_arrivals, as the delivery
    // calendar reads it), else when its counted records' delivery finished.
    struct Source {
        int64_t records = 0;
        std::string last;
    };
    std::map<std::pair<std::string, std::string>, Source> sources;
    seen.clear();
    for (const auto& r : a->records) {
        if (!seen.insert({0, r.id}).second) continue;
        auto& s = sources[{r.organisation, r.location}];
        ++s.records;
        if (auto d = deliveries.find(r.delivery); d != deliveries.end())
            s.last = std::max(s.last, d->second.finished_at);
    }
    std::vector<std::string> types;
    if (!a->def->activity_type.empty()) types.push_back(a->def->activity_type);
    auto arrivals = TRY(store.source_arrivals(a->period.first_day().iso(), a->period.last_day().iso(), types));
    std::map<std::pair<std::string, std::string>, std::string> arrived;
    for (const auto& s : arrivals) {
        auto& last = arrived[{s.organisation, s.location}];
        last = std::max(last, s.last_at);
    }
    std::map<std::string, std::string> names;
    for (auto kind : {records::Kind::Organisation, records::Kind::Location}) {
        auto rows = TRY(store.all_current(kind));
        for (const auto& r : rows) names[r.record.id] = std::string(r.record.text("name"));
    }
    auto name_of = [&](const std::string& id) {
        return names.count(id) ? json::value(names[id]) : json::value(nullptr);
    };
    json::array source_list;
    for (const auto& [key, s] : sources) {
        const auto& [organisation, location] = key;
        const auto it = arrived.find(key);
        source_list.push_back(
            json::object{{"organisation", organisation.empty() ? json::value(nullptr) : json::value(organisation)},
                         {"organisation_name", organisation.empty() ? json::value(nullptr) : name_of(organisation)},
                         {"location", location.empty() ? json::value(nullptr) : json::value(location)},
                         {"location_name", location.empty() ? json::value(nullptr) : name_of(location)},
                         {"records", s.records},
                         {"last_delivered", it != arrived.end() && !it->second.empty() ? json::value(it->second)
                                            : s.last.empty()                           ? json::value(nullptr)
                                                                                       : json::value(s.last)}});
    }
    auto out = head_of(*a);
    out["records"] = static_cast<int64_t>(listed.size());
    out["sources"] = std::move(source_list);
    // A delivery is named (its file) only to roles that read deliveries.
    if (call.role().may("deliveries.read")) {
        json::array list;
        for (const auto& [id, n] : per_delivery) {
            json::object d{{"id", id}, {"records", n}};
            if (auto it = deliveries.find(id); it != deliveries.end()) {
                d["source"] = it->second.info.source;
                d["finished_at"] = it->second.finished_at;
            }
            list.push_back(std::move(d));
        }
        out["deliveries"] = std::move(list);
    }
    // Distinct persons: how many person records were counted as one human
    // (the same BSN, or linked with same_as: one subject).
    if (a->def->measure == catalogue::Measure::DistinctPersons || a->def->measure == catalogue::Measure::ActiveAtEnd) {
        std::map<int64_t, std::set<std::string>> persons;
        for (const auto& r : a->records)
            if (r.subject != 0 && !r.person.empty()) persons[r.subject].insert(r.person);
        int64_t person_records = 0, merged_persons = 0;
        for (const auto& [subject, ids] : persons) {
            person_records += static_cast<int64_t>(ids.size());
            if (ids.size() > 1) ++merged_persons;
        }
        out["merges"] = json::object{{"person_records", person_records},
                                     {"persons", static_cast<int64_t>(persons.size())},
                                     {"merged_records", person_records - static_cast<int64_t>(persons.size())},
                                     {"persons_with_merged_records", merged_persons}};
    }
    return json_response(status::ok, out);
}

}  // namespace

void add_drill_routes(Router& router) {
    const std::vector<QueryParamDoc> figure = {
        {"period", "YYYY, YYYY-Qn or YYYY-MM (required)"},
        {"area", "A gemeente, wijk or buurt code, `priority` or `rest` (default: the whole municipality)"}};
    auto paged = figure;
    paged.push_back({"limit", "Records per page", "integer"});
    paged.push_back({"cursor", "The next_cursor of the page before"});
    router.add({verb::get,
                "/api/v1/indicators/{code}/records",
                Access::SignedIn,
                "indicators.read",
                records,
                {"getIndicatorRecords",
                 "The records a figure counts, as far as the role may see them (the rest counted as withheld)",
                 "indicators",
                 paged,
                 "",
                 {},
                 {{200, "The figure, what its records make (total) and a page of them", "FigureRecords"},
                  {400, "Bad period, area or cursor", "Problem"},
                  kNotSignedIn,
                  {403, "The role may not read indicators, or sees them only as published", "Problem"},
                  {404, "No such indicator", "Problem"}}}});
    router.add(
        {verb::get,
         "/api/v1/indicators/{code}/provenance",
         Access::SignedIn,
         "indicators.read",
         provenance,
         {"getIndicatorProvenance",
          "Where a figure's records came from: sources with when each last delivered, deliveries, merged persons",
          "indicators",
          figure,
          "",
          {},
          {{200, "The figure's provenance", "FigureProvenance"},
           {400, "Bad period or area", "Problem"},
           kNotSignedIn,
           {403, "The role may not read indicators, or sees them only as published", "Problem"},
           {404, "No such indicator", "Problem"}}}});
}

}  // namespace grip::api
