// /api/v1/cases, /api/v1/case-types, /api/v1/covenant and /api/v1/motions:
// casework through the API. The workflow's rules are the catalogue's
// (src/casework); this file adds who may see a case: a role that reads the
// case type, and for an own-scope role only the cases of its team (or
// assigned to the user). Every read of a case about a person or address by
// a role with personal data is written to the processing log; a role
// without personal data sees the steps, never the notes or the texts.

#include <algorithm>
#include <limits>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/case_type_json.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "casework/case_service.h"
#include "casework/covenant.h"
#include "common/date.h"
#include "common/json_fields.h"
#include "report/edition.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using casework::CaseType;
using storage::CaseRow;

namespace {

Date today_of(const Call& call) { return Date::from_days(static_cast<int32_t>(call.services.clock.now() / 86400)); }

casework::CaseService service_for(Call& call, storage::Store& store) {
    const std::string now = utc_stamp(call.services.clock.now());
    casework::CaseService service(store, call.services.catalogue.catalogue, call.services.workflows, today_of(call),
                                  now);
    // Cases about a year's report check its texts and freeze its edition.
    service.set_report_subject(
        report::report_subject({store, call.services.catalogue.catalogue, &call.services.workflows,
                                call.services.catalogue.directory / "report"},
                               now));
    return service;
}

casework::CaseActor actor_of(const Call& call) {
    return {call.actor->name, call.actor->role->name, call.actor->organisation};
}

bool reads_type(const Call& call, const CaseType& type) {
    return casework::contains(type.read_roles, call.role().name);
}

// Whether the actor may see this case (it exists and the type is readable).
bool may_see_case(const Call& call, const CaseType& type, const CaseRow& row) {
    if (!reads_type(call, type)) return false;
    if (!call.own_scope()) return true;
    return (!row.team.empty() && row.team == call.actor->organisation) || row.assignee == call.actor->name;
}

// Whether the actor sees the texts of a case: notes and inputs may hold personal data.
bool sees_texts(const Call& call, const CaseType& type) { return !type.personal_data || call.role().personal_data; }

http::Response no_case() { return problem(status::not_found, "no such case"); }

std::optional<int64_t> id_of(const std::string& text) {
    return whole_number(text, 1, std::numeric_limits<int64_t>::max());
}

// Logs the read of a case about a person or an address.
Status log_case(Call& call, std::string_view action, const CaseType& type, const CaseRow& row) {
    if (!type.personal_data || !call.role().personal_data) return ok_status();
    const auto kind = records::parse_kind(row.subject_kind);
    if (!kind) return ok_status();
    auto subject = TRY(call.db.store->current(*kind, row.subject_id));
    if (!subject) return ok_status();
    return log_if_personal(call, action, *subject);
}

json::object summary_json(const CaseType& type, const CaseRow& row, bool overdue) {
    const auto* s = type.state(row.state);
    return {{"id", row.id},
            {"type", row.type},
            {"subject", json::object{{"kind", row.subject_kind}, {"id", row.subject_id}}},
            {"state", row.state},
            {"state_label", s ? s->label : row.state},
            {"final", row.closed},
            {"team", row.team.empty() ? json::value(nullptr) : json::value(row.team)},
            {"assignee", row.assignee.empty() ? json::value(nullptr) : json::value(row.assignee)},
            {"area", row.area.empty() ? json::value(nullptr) : json::value(row.area)},
            {"opened_on", row.opened_on},
            {"state_since", row.state_since},
            {"deadline", row.deadline.empty() ? json::value(nullptr) : json::value(row.deadline)},
            {"overdue", overdue},
            {"version", row.version}};
}

// What the case is about, in words people know instead of ids: a motion's
// title and expected date, an organisation's name, an activity's type and
// date and its address (as the role may see it: street and number only with
// personal data; the case's read is in the processing log already).
Result<json::object> about_json(Call& call, const CaseType& type, const CaseRow& row) {
    json::object about;
    const auto kind = records::parse_kind(row.subject_kind);
    if (!kind || !call.role().can_read(*kind)) return about;
    auto subject = TRY(call.db.store->current(*kind, row.subject_id));
    if (!subject || subject->withdrawn) return about;
    const auto& r = subject->record;
    if (*kind == records::Kind::Motion) about["title"] = r.text("title");
    if (*kind == records::Kind::Organisation) about["name"] = r.text("name");
    if (!type.overdue_field.empty()) {
        const auto expected = casework::field_value(r.fields, type.overdue_field);
        if (!expected.empty()) about["expected"] = expected;
    }
    if (*kind != records::Kind::Activity) return about;
    about["activity_type"] = r.text("type");
    about["date"] = r.text("date");
    const auto address_id = r.text("address");
    if (address_id.empty() || !call.role().can_read(records::Kind::Address)) return about;
    auto address = TRY(call.db.store->current(records::Kind::Address, address_id));
    if (!address || address->withdrawn || !TRY(may_see(call, *address))) return about;
    about["address"] = TRY(record_view(call, *address));
    return about;
}

// The case with its history, links and the steps the actor may take now.
Result<json::object> case_json(Call& call, casework::CaseService& service, const CaseType& type, const CaseRow& row) {
    auto out = summary_json(type, row, TRY(service.overdue(row)));
    const bool texts = sees_texts(call, type);
    json::array history;
    for (const auto& e : TRY(service.history(row.id))) {
        std::error_code ec;
        json::value data = json::parse(e.data, ec);
        json::object event{{"seq", e.seq},
                           {"at", e.at},
                           {"actor", e.actor},
                           {"action", e.action},
                           {"from", e.from_state.empty() ? json::value(nullptr) : json::value(e.from_state)},
                           {"to", e.to_state}};
        if (!ec && data.is_object()) {
            auto& d = data.get_object();
            if (!texts) {
                d.erase("text");
                d.erase("inputs");
            }
            event["data"] = std::move(d);
        }
        history.push_back(std::move(event));
    }
    out["history"] = std::move(history);
    json::array linked;
    for (const auto& l : TRY(service.linked(row)))
        linked.push_back(json::object{{"id", l.id}, {"type", l.type}, {"date", l.date}, {"explicit", l.explicit_link}});
    out["linked"] = std::move(linked);
    json::array allowed;
    for (const auto* t : casework::allowed_transitions(type, row.state, call.role().name)) allowed.emplace_back(t->key);
    out["allowed_transitions"] = std::move(allowed);
    out["about"] = TRY(about_json(call, type, row));
    return out;
}

// Runs a change in the writer's batch; answers with the case as it is then.
// A refusal (an Error with its reasons) is the job's own answer: nothing
// was written, and the router gives it as problem+json.
Answer run_change(Call& call,
                  const std::function<Result<CaseRow>(casework::CaseService&, ingest::RecordWriter&)>& change,
                  status success = status::ok) {
    const CaseRow changed = TRY(call.services.writer.run(call.actor->municipality, [&](WriteBatch& batch) {
        auto service = service_for(call, batch.store);
        return change(service, batch.records);
    }));
    auto service = service_for(call, *call.db.store);
    const auto row = TRY(service.find(changed.id));
    if (!row) return Error::storage("the case vanished after its write");
    const auto* type = call.services.workflows.find(row->type);
    TRY(log_case(call, "update", *type, *row));
    auto response = json_response(success, TRY(case_json(call, service, *type, *row)));
    if (success == status::created)
        response.set(boost::beast::http::field::location, fmt::format("/api/v1/cases/{}", row->id));
    return response;
}

// The case of the path, if the actor may see it.
struct Found {
    std::optional<CaseRow> row;
    const CaseType* type = nullptr;
    std::optional<http::Response> refusal;
};

Found find_case(Call& call) {
    Found f;
    const auto id = id_of(call.path.at("id"));
    if (!id) {
        f.refusal = no_case();
        return f;
    }
    auto row = call.db.store->case_by_id(*id);
    if (!row) {
        f.refusal = problem_from(row.error());
        return f;
    }
    f.type = *row ? call.services.workflows.find((*row)->type) : nullptr;
    if (!*row || !f.type || !may_see_case(call, *f.type, **row)) {
        f.refusal = no_case();
        return f;
    }
    f.row = std::move(**row);
    return f;
}

int64_t version_of(const json::object& body) {
    const auto* v = body.if_contains("version");
    return v && v->is_int64() ? v->get_int64() : 0;
}

Answer case_types(Call& call) {
    json::array items;
    for (const auto& t : call.services.workflows.types)
        if (reads_type(call, t)) items.push_back(case_type_json(t));
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

Answer list_cases(Call& call) {
    storage::CaseFilter filter;
    filter.type = call.query_value("type");
    const auto* only = filter.type.empty() ? nullptr : call.services.workflows.find(filter.type);
    if (!filter.type.empty() && (!only || !reads_type(call, *only)))
        return json_response(status::ok, json::object{{"items", json::array()}, {"next_cursor", nullptr}});
    std::string queue = call.query_value("queue");
    if (queue.empty()) queue = "open";
    if (queue != "open" && queue != "mine" && queue != "team" && queue != "overdue" && queue != "all")
        return problem(status::bad_request, "unknown queue", {{"queue", "must be open, mine, team, overdue or all"}});
    filter.open_only = queue != "all";
    if (queue == "mine") filter.assignee = call.actor->name;
    if (queue == "team") {
        if (call.actor->organisation.empty())
            return problem(status::bad_request, "you belong to no team",
                           {{"queue", "team needs a user with an organisation"}});
        filter.team = call.actor->organisation;
    }
    // Overdue is past the state's deadline or (motions) past the expected
    // date of the record: decided per case below.
    if (auto a = call.query_value("area"); !a.empty()) {
        auto tree = TRY(call.db.indicators(call.services.catalogue.catalogue).area_tree());
        const auto key = tree.key_for_request(a);
        if (!key) return problem(status::bad_request, "no such area", {{"area", "an area code, `priority` or `rest`"}});
        if (*key != indicators::kAreaAll) {
            filter.areas = tree.codes_under(*key);
            if (filter.areas.empty()) filter.areas.emplace_back();
        }
    }
    if (auto c = call.query_value("cursor"); !c.empty()) {
        auto after = id_of(c);
        if (!after) return problem(status::bad_request, "the cursor is not one this API gave", {{"cursor", "invalid"}});
        filter.after_id = *after;
    }
    auto limit = page_limit(call);
    if (!limit) return problem(status::bad_request, limit.error().message, {{"limit", limit.error().message}});
    auto service = service_for(call, *call.db.store);
    json::array items;
    int64_t last = filter.after_id;
    bool more = false;
    // Read in chunks: cases the actor may not see are skipped, not counted.
    for (;;) {
        filter.limit = *limit + 1;
        auto rows = TRY(call.db.store->cases(filter));
        for (const auto& row : rows) {
            filter.after_id = row.id;
            const auto* type = call.services.workflows.find(row.type);
            if (!type || !may_see_case(call, *type, row)) continue;
            if (static_cast<int>(items.size()) == *limit) {
                more = true;
                break;
            }
            auto overdue = TRY(service.overdue(row));
            if (queue == "overdue" && !overdue) continue;
            TRY(log_case(call, "list", *type, row));
            auto item = summary_json(*type, row, overdue);
            auto about = TRY(about_json(call, *type, row));
            item["about"] = std::move(about);
            items.push_back(std::move(item));
            last = row.id;
        }
        if (more || static_cast<int>(rows.size()) < filter.limit) break;
    }
    return json_response(status::ok, json::object{{"items", std::move(items)},
                                                  {"next_cursor",
                                                   more ? json::value(std::to_string(last)) : json::value(nullptr)}});
}

Answer get_case(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    auto service = service_for(call, *call.db.store);
    TRY(log_case(call, "read", *f.type, *f.row));
    auto body = TRY(case_json(call, service, *f.type, *f.row));
    return json_response(status::ok, body);
}

Answer open_case(Call& call) {
    auto body = TRY(json_object_body(call));
    casework::OpenRequest request;
    request.type = string_value(body, "type");
    const auto* type = call.services.workflows.find(request.type);
    if (!type)
        return problem(status::bad_request, "unknown case type",
                       {{"type", "must be a case type of GET /api/v1/case-types"}});
    if (!casework::contains(type->open_roles, call.role().name))
        return problem(status::forbidden, "your role may not open this case type");
    request.subject = string_value(body, "subject");
    if (const auto* r = body.if_contains("record")) {
        if (!r->is_object())
            return problem(status::bad_request, "record must be an object", {{"record", "must be an object"}});
        request.record = r->get_object();
    }
    if (request.subject.empty() == !request.record)
        return problem(status::bad_request, "give either the subject's id or a new record",
                       {{"subject", "the id of the record the case is about, or leave out and give record"}});
    // The subject must be one the actor may see (or, when new, register).
    if (request.record) {
        json::object raw = *request.record;
        raw["kind"] = records::kind_name(type->subject_kind);
        auto v = records::validate_record(raw, call.services.catalogue.catalogue, records::ValueSource::Json);
        if (!v.errors.empty()) {
            std::vector<InvalidParam> invalid;
            for (auto& e : v.errors) invalid.push_back({"record." + e.field, e.message});
            return problem(status::bad_request, "the record is not valid", invalid);
        }
        if (!may_register(call, *v.record))
            return problem(status::forbidden, "you may only register records of your own organisation or locations",
                           {{"record.organisation", "must be your organisation"}});
        // A new record widens nothing: its references are the actor's to
        // make, and its id is not another organisation's withdrawn record.
        auto refused = TRY(reference_refusals(call, *v.record));
        if (!refused.empty()) {
            std::vector<InvalidParam> invalid;
            for (auto& e : refused) invalid.push_back({"record." + e.field, std::move(e.message)});
            return problem(status::bad_request, "the record refers to records that are not stored", invalid);
        }
        auto existing = TRY(call.db.store->current(v.record->kind, v.record->id));
        if (existing) {
            auto visible = TRY(may_see(call, *existing));
            if (!visible)
                return problem(status::conflict, "a record with this id exists: open the case about it instead",
                               {{"record.id", "exists already"}});
        }
    } else if (!type->report_subject) {  // a year's report is no record: the case service checks the year
        auto subject = TRY(call.db.store->current(type->subject_kind, request.subject));
        if (!subject || subject->withdrawn)
            return problem(status::not_found, "no such record", {{"subject", "no such record"}});
        auto visible = TRY(may_see(call, *subject));
        if (!visible) return problem(status::not_found, "no such record", {{"subject", "no such record"}});
    }
    request.team = string_value(body, "team");
    if (call.own_scope() && !request.team.empty() && request.team != call.actor->organisation)
        return problem(status::forbidden, "you may only open cases for your own team",
                       {{"team", "must be your organisation"}});
    request.assignee = string_value(body, "assignee");
    if (const auto* in = body.if_contains("inputs"); in && in->is_object()) request.inputs = in->get_object();
    return run_change(
        call, [&](auto& service, auto& records) { return service.open(records, actor_of(call), request); },
        status::created);
}

Answer step(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    auto body = TRY(json_object_body(call));
    casework::TransitionRequest request{string_value(body, "transition"), call.role().name, {}};
    if (const auto* in = body.if_contains("inputs"); in && in->is_object()) request.inputs = in->get_object();
    const auto id = f.row->id;
    const auto version = version_of(body);
    return run_change(call, [&](auto& service, auto& records) {
        return service.transition(records, actor_of(call), id, request, version);
    });
}

Answer add_note(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    auto body = TRY(json_object_body(call));
    const auto text = string_value(body, "text");
    const auto id = f.row->id;
    const auto version = version_of(body);
    return run_change(call, [&](auto& service, auto&) { return service.note(actor_of(call), id, text, version); });
}

Answer add_link(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    auto body = TRY(json_object_body(call));
    const auto activity = string_value(body, "activity");
    auto rec = TRY(call.db.store->current(records::Kind::Activity, activity));
    bool visible = false;
    if (rec && !rec->withdrawn) {
        auto v = TRY(may_see(call, *rec));
        visible = v;
    }
    if (!visible)
        return problem(status::bad_request, "no such activity", {{"activity", "no activity you may see has this id"}});
    const auto id = f.row->id;
    const auto version = version_of(body);
    return run_change(call, [&](auto& service, auto&) { return service.link(actor_of(call), id, activity, version); });
}

Answer assign(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    auto body = TRY(json_object_body(call));
    const auto team = string_value(body, "team");
    const auto assignee = string_value(body, "assignee");
    if (call.own_scope() && !team.empty() && team != call.actor->organisation)
        return problem(status::forbidden, "you may only assign cases within your own team",
                       {{"team", "must be your organisation"}});
    const auto id = f.row->id;
    const auto version = version_of(body);
    return run_change(call, [&](auto& service, auto&) {
        return service.assign(actor_of(call), id, team, assignee, version);
    });
}

// Who the case can be given to, to choose from rather than type: the active
// people of the municipality whose role works on the case type; an own-scope
// user sees only the colleagues of its own organisation (the team it may
// assign within). User names and roles only, never more of an account.
Answer assignees(Call& call) {
    auto f = find_case(call);
    if (f.refusal) return *f.refusal;
    if (!casework::contains(f.type->work_roles, call.role().name))
        return problem(status::forbidden, "your role does not work on this case type");
    auto users = TRY(call.db.store->users());
    json::array items;
    for (const auto& u : users) {
        if (u.disabled || u.kind != storage::UserKind::Person || !casework::contains(f.type->work_roles, u.role))
            continue;
        if (call.own_scope() && u.organisation != call.actor->organisation) continue;
        const auto* role = call.services.roles.find(u.role);
        items.push_back(json::object{{"name", u.name},
                                     {"role", u.role},
                                     {"role_label", role ? role->label : u.role},
                                     {"organisation",
                                      u.organisation.empty() ? json::value(nullptr) : json::value(u.organisation)}});
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

const CaseType* abuse_type(const Call& call) {
    for (const auto& t : call.services.workflows.types)
        if (t.subject_kind == records::Kind::Organisation && reads_type(call, t)) return &t;
    return nullptr;
}

Answer partners(Call& call) {
    if (!abuse_type(call)) return problem(status::forbidden, "your role does not keep the covenant");
    auto list = TRY(casework::covenant_partners(*call.db.store, call.services.workflows, today_of(call)));
    auto service = service_for(call, *call.db.store);
    json::array items;
    for (const auto& p : list) {
        const auto& o = p.organisation.record;
        json::array abuses;
        for (const auto& c : p.abuses) {
            const auto* type = call.services.workflows.find(c.type);
            if (!type) continue;
            auto overdue = TRY(service.overdue(c));
            auto s = summary_json(*type, c, overdue);
            auto events = TRY(call.db.store->case_events(c.id));
            json::array ladder;
            for (const auto& e : events) {
                std::error_code ec;
                auto data = json::parse(e.data, ec);
                const auto* inputs = !ec && data.is_object() ? data.get_object().if_contains("inputs") : nullptr;
                ladder.push_back(json::object{{"action", e.action},
                                              {"to", e.to_state},
                                              {"at", e.at},
                                              {"inputs", inputs ? *inputs : json::object()}});
            }
            s["steps"] = std::move(ladder);
            abuses.push_back(std::move(s));
        }
        items.push_back(
            json::object{{"organisation", o.id},
                         {"name", o.text("name")},
                         {"branch", o.fields.contains("branch") ? o.fields.at("branch") : json::array()},
                         {"covenant_since", o.text("covenant_since").empty() ? json::value(nullptr)
                                                                             : json::value(o.text("covenant_since"))},
                         {"covenant_until", o.text("covenant_until").empty() ? json::value(nullptr)
                                                                             : json::value(o.text("covenant_until"))},
                         {"member", p.member},
                         {"abuses", std::move(abuses)}});
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

Answer join(Call& call) {
    const auto* type = abuse_type(call);
    if (!type || !casework::contains(type->work_roles, call.role().name))
        return problem(status::forbidden, "your role does not keep the covenant");
    auto body = TRY(json_object_body(call));
    const auto since = Date::parse(string_value(body, "since"));
    if (!since) return problem(status::bad_request, "since must be a date", {{"since", "must be a date YYYY-MM-DD"}});
    const auto organisation = call.path.at("id");
    TRY(call.services.writer.run(call.actor->municipality, [&](WriteBatch& batch) {
        return casework::join_covenant(batch.store, batch.records, call.services.catalogue.catalogue,
                                       call.services.workflows, organisation, *since);
    }));
    auto stored = TRY(call.db.store->current(records::Kind::Organisation, organisation));
    if (!stored) return Error::storage("the organisation vanished");
    auto view = TRY(record_view(call, *stored));
    return json_response(status::ok, view);
}

Answer motions(Call& call) {
    const auto* type = call.services.workflows.find("motie");
    if (!type || !reads_type(call, *type) || !call.role().can_read(records::Kind::Motion))
        return problem(status::forbidden, "your role does not keep the motions register");
    auto all = TRY(call.db.store->all_current(records::Kind::Motion));
    auto service = service_for(call, *call.db.store);
    const std::string today = today_of(call).iso();
    json::array items;
    for (const auto& m : all) {
        if (m.withdrawn) continue;
        auto c = TRY(service.case_of("motie", m.record.id));
        const std::string state = c ? c->state : initial_state(*type, m.record.fields);
        const auto* s = type->state(state);
        const auto expected = m.record.text("expected");
        json::object item = m.record.fields;
        item["state"] = state;
        item["state_label"] = s ? s->label : state;
        item["overdue"] = !(s && s->final) && !expected.empty() && expected < today;
        item["case"] = c ? json::value(c->id) : json::value(nullptr);
        // A motion that is done (by its delivered status) has no steps left:
        // the register offers no case for it.
        item["final"] = c ? c->closed : (s && s->final);
        items.push_back(std::move(item));
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

}  // namespace

json::object case_type_json(const CaseType& t) {
    json::array states, inputs, transitions;
    for (const auto& s : t.states) {
        json::object o{{"key", s.key}, {"label", s.label}, {"final", s.final}};
        o["deadline_working_days"] =
            s.deadline_working_days ? json::value(*s.deadline_working_days) : json::value(nullptr);
        states.push_back(std::move(o));
    }
    for (const auto& in : t.inputs) {
        json::array values;
        for (const auto& v : in.values) values.emplace_back(v);
        const char* type = in.type == casework::Input::Type::Date   ? "date"
                           : in.type == casework::Input::Type::Enum ? "enum"
                                                                    : "text";
        inputs.push_back(json::object{{"key", in.key}, {"label", in.label}, {"type", type}, {"values", values}});
    }
    for (const auto& tr : t.transitions) {
        json::array from, roles, required, linked;
        for (const auto& f : tr.from) from.emplace_back(f);
        for (const auto& r : tr.roles) roles.emplace_back(r);
        for (const auto& r : tr.required_inputs) required.emplace_back(r);
        for (const auto& r : tr.required_links) linked.emplace_back(r);
        transitions.push_back(json::object{{"key", tr.key},
                                           {"label", tr.label},
                                           {"from", from},
                                           {"to", tr.to},
                                           {"roles", roles},
                                           {"inputs", required},
                                           {"linked", linked}});
    }
    return {{"key", t.key},
            {"label", t.label},
            {"subject_kind", t.report_subject ? std::string_view("report") : records::kind_name(t.subject_kind)},
            {"initial", t.initial},
            {"states", states},
            {"inputs", inputs},
            {"transitions", transitions}};
}

void add_case_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc forbidden{403, "The role may not do this (invalid_params names the reason)", "Problem"};
    const ResponseDoc missing{404, "No such case, or not one the user may see", "Problem"};
    const ResponseDoc invalid{400, "Invalid input: invalid_params lists every field", "Problem"};
    const ResponseDoc refused{
        409, "The workflow refuses the step in this state, or the case changed meanwhile (invalid_params says why)",
        "Problem"};
    const ResponseDoc& not_json = kNotJson;
    const std::vector<std::string> json_body{"application/json"};
    router.add({verb::get,
                "/api/v1/case-types",
                Access::SignedIn,
                "",
                case_types,
                {"listCaseTypes",
                 "The case types the role may read, with states, inputs and steps",
                 "cases",
                 {},
                 "",
                 {},
                 {{200, "The case types", "CaseTypes"}, unauthorised}}});
    router.add({verb::get,
                "/api/v1/cases",
                Access::SignedIn,
                "",
                list_cases,
                {"listCases",
                 "A work queue of cases",
                 "cases",
                 {{"type", "Only cases of this type"},
                  {"queue", "open (default), mine, team, overdue or all"},
                  {"area", "Only cases in this area (a wijk or buurt code, `priority` or `rest`)"},
                  {"cursor", "The next_cursor of the previous page"},
                  {"limit", "Cases per page (1-500, default 50)", "integer"}},
                 "",
                 {},
                 {{200, "A page of cases", "CasePage"}, invalid, unauthorised}}});
    router.add({verb::post,
                "/api/v1/cases",
                Access::SignedIn,
                "",
                open_case,
                {"openCase",
                 "Open a case about a stored record, or register a new record with its case",
                 "cases",
                 {},
                 "CaseOpen",
                 json_body,
                 {{201, "Opened", "Case"},
                  invalid,
                  unauthorised,
                  forbidden,
                  {404, "No such record", "Problem"},
                  refused,
                  not_json}}});
    router.add({verb::get,
                "/api/v1/cases/{id}",
                Access::SignedIn,
                "",
                get_case,
                {"getCase",
                 "A case with its history, linked activities and the steps the user may take",
                 "cases",
                 {},
                 "",
                 {},
                 {{200, "The case", "Case"}, unauthorised, missing}}});
    router.add({verb::post,
                "/api/v1/cases/{id}/transitions",
                Access::SignedIn,
                "",
                step,
                {"takeCaseStep",
                 "Take a step of the case's workflow",
                 "cases",
                 {},
                 "CaseStep",
                 json_body,
                 {{200, "Taken", "Case"}, invalid, unauthorised, forbidden, missing, refused, not_json}}});
    router.add({verb::post,
                "/api/v1/cases/{id}/notes",
                Access::SignedIn,
                "",
                add_note,
                {"addCaseNote",
                 "Add a note to the case's history",
                 "cases",
                 {},
                 "CaseNote",
                 json_body,
                 {{200, "Added", "Case"}, invalid, unauthorised, forbidden, missing, refused, not_json}}});
    router.add({verb::post,
                "/api/v1/cases/{id}/links",
                Access::SignedIn,
                "",
                add_link,
                {"linkCaseActivity",
                 "Link an activity (a home visit, an inspection) to the case",
                 "cases",
                 {},
                 "CaseLink",
                 json_body,
                 {{200, "Linked", "Case"}, invalid, unauthorised, forbidden, missing, refused, not_json}}});
    router.add({verb::put,
                "/api/v1/cases/{id}/assignment",
                Access::SignedIn,
                "",
                assign,
                {"assignCase",
                 "Assign the case to a team and a user",
                 "cases",
                 {},
                 "CaseAssignment",
                 json_body,
                 {{200, "Assigned", "Case"}, invalid, unauthorised, forbidden, missing, refused, not_json}}});
    router.add({verb::get,
                "/api/v1/cases/{id}/assignees",
                Access::SignedIn,
                "",
                assignees,
                {"listCaseAssignees",
                 "The people the case can be assigned to: active users whose role works on its type "
                 "(an own-scope user: the colleagues of its organisation)",
                 "cases",
                 {},
                 "",
                 {},
                 {{200, "The people", "Assignees"}, unauthorised, forbidden, missing}}});
    router.add({verb::get,
                "/api/v1/covenant/partners",
                Access::SignedIn,
                "",
                partners,
                {"listCovenantPartners",
                 "The partners of the covenant Good Employership with their abuses and escalation steps",
                 "cases",
                 {},
                 "",
                 {},
                 {{200, "The partners", "Partners"}, unauthorised, forbidden}}});
    router.add({verb::post,
                "/api/v1/covenant/partners/{id}/join",
                Access::SignedIn,
                "",
                join,
                {"joinCovenant",
                 "Let an organisation join the covenant; refused when it has a proven abuse",
                 "cases",
                 {},
                 "CovenantJoin",
                 json_body,
                 {{200, "Joined: the organisation record", "Record"},
                  invalid,
                  unauthorised,
                  forbidden,
                  {404, "No such organisation", "Problem"},
                  refused,
                  not_json}}});
    router.add({verb::get,
                "/api/v1/motions",
                Access::SignedIn,
                "",
                motions,
                {"listMotions",
                 "The motions register: every motion with its state, expected date and overdue signal",
                 "cases",
                 {},
                 "",
                 {},
                 {{200, "The register", "Motions"}, unauthorised, forbidden}}});
}

}  // namespace grip::api
