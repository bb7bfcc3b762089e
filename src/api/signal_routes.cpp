// /api/v1/signals: the signals of a period (the catalogue's signal rules,
// src/signals/), the same JSON as `grip signals --format json`, and the
// signals that appeared or ended since the user's last visit. A role that
// reads indicators reads them; the public role sees no signal whose count
// (in the period or its baseline) the disclosure rule withholds.

#include <map>

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/services.h"
#include "disclosure/public_figures.h"
#include "signals/evaluate.h"
#include "signals/events.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;
namespace json = boost::json;

namespace {

// Whether the public role may see a signal: its indicator's figure for the
// area is published in the period and in every period it is compared with.
class PublicCheck {
public:
    PublicCheck(Call& call) : call_(call), engine_(call.db.indicators(call.services.catalogue.catalogue)) {}

    Result<bool> may_see(const Period& period, std::string_view rule_code, std::string_view area) {
        const auto& catalogue = call_.services.catalogue.catalogue;
        const catalogue::SignalRule* rule = nullptr;
        for (const auto& r : catalogue.signals)
            if (r.code == rule_code) rule = &r;
        if (!rule) return false;
        if (!tree_) tree_ = TRY(engine_.area_tree());
        const auto key = tree_->id_of(area);
        if (!key) return false;
        std::vector<Period> periods{period};
        for (const auto& p : signals::baseline_periods(*rule, period)) periods.push_back(p);
        for (const auto& p : periods) {
            auto it = years_.find(p.year());
            if (it == years_.end())
                it = years_.emplace(p.year(), TRY(disclosure::PublicFigures::of_year(engine_, catalogue, p.year())))
                         .first;
            if (it->second.of(p, *key, rule->indicator) != disclosure::Publication::Published) return false;
        }
        return true;
    }

private:
    Call& call_;
    indicators::Engine& engine_;
    std::optional<indicators::AreaTree> tree_;
    std::map<int, disclosure::PublicFigures> years_;
};

Answer list_signals(Call& call) {
    const auto period = Period::parse(call.query_value("period"));
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    auto& engine = call.db.indicators(call.services.catalogue.catalogue);
    auto found = TRY(signals::evaluate(*call.db.store, engine, call.services.catalogue.catalogue, *period));
    if (call.role().public_figures) {
        PublicCheck check(call);
        std::vector<signals::Signal> shown;
        for (auto& s : found.signals) {
            auto may = TRY(check.may_see(*period, s.rule, s.area));
            if (may) shown.push_back(std::move(s));
        }
        found.signals = std::move(shown);
    }
    return json_response(status::ok, found.to_json());
}

// The events after the user's last visit, oldest first; the visit is
// marked (the last event id) unless `mark=false`.
Answer fresh(Call& call) {
    const int64_t user = call.actor->user;
    auto seen = TRY(call.db.store->signal_visit(user));
    auto events = TRY(call.db.store->signal_events(seen, ""));
    json::array out;
    std::optional<PublicCheck> check;
    if (call.role().public_figures) check.emplace(call);
    for (const auto& e : events) {
        if (check) {
            const auto period = Period::parse(e.period);
            if (!period) continue;
            auto may = TRY(check->may_see(*period, e.rule, e.area));
            if (!may) continue;
        }
        out.push_back(signals::event_json(e));
    }
    const int64_t last = events.empty() ? seen : events.back().id;
    if (last > seen && call.query_value("mark") != "false") {
        TRY(call.services.writer.run(call.actor->municipality,
                                     [&](WriteBatch& batch) { return batch.store.set_signal_visit(user, last); }));
    }
    return json_response(status::ok, json::object{{"since", seen}, {"last", last}, {"events", std::move(out)}});
}

}  // namespace

void add_signal_routes(Router& router) {
    router.add({verb::get,
                "/api/v1/signals",
                Access::SignedIn,
                "indicators.read",
                list_signals,
                {"getSignals",
                 "The signals of a period: areas where an indicator grew beyond chance (the catalogue's rules)",
                 "indicators",
                 {{"period", "YYYY, YYYY-Qn or YYYY-MM (required)"}},
                 "",
                 {},
                 {{200, "The signals", "SignalList"},
                  {400, "Bad period", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read indicators", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/signals/new",
                Access::SignedIn,
                "indicators.read",
                fresh,
                {"getNewSignals",
                 "The signals that appeared or ended since the user's last visit; marks the visit",
                 "indicators",
                 {{"mark", "false: do not mark the visit"}},
                 "",
                 {},
                 {{200, "The events since the last visit", "SignalEvents"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read indicators", "Problem"}}}});
}

}  // namespace grip::api
