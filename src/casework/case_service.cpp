#include "casework/case_service.h"

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "records/validator.h"

namespace grip::casework {
namespace json = boost::json;
using storage::CaseRow;

namespace {

json::object parse_object(std::string_view text) {
    std::error_code ec;
    auto v = json::parse(text, ec);
    return !ec && v.is_object() ? std::move(v.get_object()) : json::object();
}

json::value field_json(const json::object& fields, std::string_view field) {
    const json::object* o = &fields;
    if (field.starts_with("attributes.")) {
        const auto* a = fields.if_contains("attributes");
        if (!a || !a->is_object()) return nullptr;
        o = &a->get_object();
        field.remove_prefix(11);
    }
    const auto* v = o->if_contains(field);
    return v ? *v : json::value(nullptr);
}

void set_field(json::object& fields, std::string_view field, json::value value) {
    json::object* o = &fields;
    if (field.starts_with("attributes.")) {
        auto& a = fields["attributes"];
        if (!a.is_object()) a = json::object();
        o = &a.get_object();
        field.remove_prefix(11);
    }
    if (value.is_null()) o->erase(field);
    else (*o)[field] = std::move(value);
    if (auto* a = fields.if_contains("attributes"); a && a->is_object() && a->get_object().empty())
        fields.erase("attributes");
}

std::string joined(const std::vector<Refusal>& reasons) {
    std::string out;
    for (const auto& r : reasons) out += (out.empty() ? "" : "; ") + r.reason;
    return out;
}

// Validates a record made by casework; the reasons name its fields.
Result<records::Record> validated(const json::object& raw, const catalogue::Catalogue& catalogue) {
    auto v = records::validate_record(raw, catalogue, records::ValueSource::Json);
    if (v.errors.empty()) return std::move(*v.record);
    std::vector<Refusal> reasons;
    for (auto& e : v.errors) reasons.push_back({e.field, e.message});
    // The message first: it reads the reasons that .with() then takes.
    auto refused = Error::invalid("the change makes the record invalid: " + joined(reasons));
    return std::move(refused).with(std::move(reasons));
}

}  // namespace

CaseService::CaseService(storage::Store& store, const catalogue::Catalogue& catalogue, const Workflows& workflows,
                         Date today, std::string now)
    : store_(store), catalogue_(catalogue), workflows_(workflows), today_(today), now_(std::move(now)) {}

Result<std::optional<CaseRow>> CaseService::find(int64_t id) { return store_.case_by_id(id); }

Result<std::vector<storage::CaseEventRow>> CaseService::history(int64_t id) { return store_.case_events(id); }

Result<std::optional<CaseRow>> CaseService::case_of(std::string_view type, std::string_view subject) {
    storage::CaseFilter f;
    f.type = std::string(type);
    f.subject_id = std::string(subject);
    auto rows = TRY(store_.cases(f));
    if (rows.empty()) return std::optional<CaseRow>{};
    return std::optional<CaseRow>(std::move(rows.front()));
}

Result<std::vector<LinkedActivity>> CaseService::linked(const CaseRow& row) {
    std::vector<LinkedActivity> out;
    auto add = [&](const std::string& id, bool explicit_link) -> Status {
        for (const auto& l : out)
            if (l.id == id) return ok_status();
        auto rec = TRY(store_.current(records::Kind::Activity, id));
        if (!rec || rec->withdrawn) return ok_status();
        out.push_back(
            {id, std::string(rec->record.text("type")), std::string(rec->record.text("date")), explicit_link});
        return ok_status();
    };
    const auto data = parse_object(row.data);
    if (const auto* links = data.if_contains("links"); links && links->is_array())
        for (const auto& l : links->get_array())
            if (l.is_string()) TRY(add(std::string(l.get_string()), true));
    if (row.subject_kind == "activity")
        for (const auto& id : TRY(store_.activities_referring("parent", row.subject_id))) TRY(add(id, false));
    return out;
}

Result<bool> CaseService::overdue(const CaseRow& row) {
    if (row.closed) return false;
    if (!row.deadline.empty() && row.deadline < today_.iso()) return true;
    const auto* type = workflows_.find(row.type);
    if (!type || type->overdue_field.empty()) return false;
    const auto kind = records::parse_kind(row.subject_kind);
    if (!kind) return false;
    auto subject = TRY(store_.current(*kind, row.subject_id));
    if (!subject) return false;
    const auto expected = field_value(subject->record.fields, type->overdue_field);
    return !expected.empty() && expected < today_.iso();
}

Result<std::string> CaseService::area_of(const storage::StoredRecord& subject) {
    if (auto area = subject.record.text("area"); !area.empty()) return std::string(area);
    if (subject.record.kind != records::Kind::Activity) return std::string();
    for (auto [field, kind] :
         {std::pair{"address", records::Kind::Address}, std::pair{"location", records::Kind::Location}}) {
        const auto id = subject.record.text(field);
        if (id.empty()) continue;
        auto rec = TRY(store_.current(kind, id));
        if (rec && !rec->record.text("area").empty()) return std::string(rec->record.text("area"));
    }
    return std::string();
}

Result<std::string> CaseService::new_activity_id(std::string_view base) {
    for (int n = 1;; ++n) {
        std::string id = n == 1 ? std::string(base) : fmt::format("{}-{}", base, n);
        if (!TRY(store_.current(records::Kind::Activity, id))) return id;
    }
}

Status CaseService::write_event(const CaseRow& row, const CaseActor& actor, std::string_view action,
                                std::string_view from, std::string_view to, const json::object& data) {
    storage::CaseEventRow e;
    e.case_id = row.id;
    e.seq = row.version;
    e.at = now_;
    e.actor = actor.user;
    e.action = std::string(action);
    e.from_state = std::string(from);
    e.to_state = std::string(to);
    e.data = json::serialize(data);
    return store_.add_case_event(e);
}

Result<CaseRow> CaseService::open(ingest::RecordWriter& records, const CaseActor& actor, const OpenRequest& request) {
    const auto* type = workflows_.find(request.type);
    if (!type)
        return Error::invalid(fmt::format("unknown case type '{}'", request.type))
            .with({{"type", "no such case type"}});
    if (!contains(type->open_roles, actor.role))
        return Error::conflict(fmt::format("the role '{}' may not open a {}", actor.role, type->label))
            .with({{"role", fmt::format("the role '{}' may not open this case type", actor.role)}});
    std::map<std::string, std::string> inputs;
    if (auto reasons = check_open_inputs(*type, request.inputs, inputs); !reasons.empty()) {
        auto refused = Error::invalid("the case cannot be opened: " + joined(reasons));
        return std::move(refused).with(std::move(reasons));
    }

    if (type->report_subject) return open_report_case(actor, *type, request, inputs);

    // The subject: a new record to register with the case, or a stored one.
    std::optional<records::Record> fresh;
    std::optional<storage::StoredRecord> stored;
    if (request.record) {
        json::object raw = *request.record;
        raw["kind"] = records::kind_name(type->subject_kind);
        if (!type->state_field.empty() && field_json(raw, type->state_field).is_null())
            set_field(raw, type->state_field, json::string(type->initial));
        fresh = TRY(validated(raw, catalogue_));
        const auto existing = TRY(store_.current(fresh->kind, fresh->id));
        if (existing && !existing->withdrawn)
            return Error::conflict("a record with this id exists: open the case about it instead")
                .with({{"id", "exists already"}});
        for (const auto& ref : fresh->references()) {
            if (TRY(records.reference(ref.kind, ref.id)) != ingest::RefState::Exists)
                return Error::invalid(fmt::format("{}: refers to a {} that is not stored", ref.field,
                                                  records::kind_name(ref.kind)))
                    .with({{std::string(ref.field), "refers to a record that is not stored"}});
        }
    } else {
        auto s = TRY(store_.current(type->subject_kind, request.subject));
        if (!s || s->withdrawn)
            return Error::not_found(fmt::format("no {} with this id", records::kind_name(type->subject_kind)))
                .with({{"subject", "no such record"}});
        stored = std::move(*s);
    }
    const records::Record& subject = fresh ? *fresh : stored->record;
    if (!type->subject_type.empty() && subject.text("type") != type->subject_type)
        return Error::invalid(
                   fmt::format("the case type '{}' is about records of type '{}'", type->key, type->subject_type))
            .with({{"subject", fmt::format("must be of type '{}'", type->subject_type)}});
    if (type->one_per_subject) {
        if (const auto existing = TRY(case_of(type->key, subject.id)))
            return Error::conflict(fmt::format("this record has a case already: case {}", existing->id))
                .with({{"subject", fmt::format("has case {}", existing->id)}});
    }
    const std::string state = initial_state(*type, subject.fields);
    const auto* s = type->state(state);
    auto deadline = deadline_of(*s, workflows_.holidays, today_);
    if (!deadline) return Error(deadline.error()).with({{"transition", deadline.error().message}});

    // Everything is checked: write.
    if (fresh) {
        TRY(records.apply(*fresh));
        auto s2 = TRY(store_.current(fresh->kind, fresh->id));
        if (!s2) return Error::storage("the new record vanished");
        stored = std::move(*s2);
    }
    CaseRow row;
    row.type = type->key;
    row.subject_kind = std::string(records::kind_name(type->subject_kind));
    row.subject_id = subject.id;
    row.state = state;
    row.team = request.team.empty() ? actor.team : request.team;
    row.assignee = request.assignee;
    row.area = TRY(area_of(*stored));
    row.opened_on = today_.iso();
    row.state_since = today_.iso();
    row.deadline = *deadline ? (*deadline)->iso() : "";
    row.closed = s->final;
    row.version = 1;
    json::object values;
    for (const auto& [k, v] : inputs) values[k] = v;
    row.data = json::serialize(json::object{{"links", json::array()}, {"values", values}});
    row.id = TRY(store_.add_case(row));
    json::object data{{"inputs", values}};
    if (fresh) data["registered"] = fresh->id;
    TRY(write_event(row, actor, "open", "", row.state, data));
    return row;
}

namespace {

// The year a case about a report is about: "2023".
std::optional<int> report_year(std::string_view subject) {
    if (subject.size() != 4 || subject.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const int year = std::stoi(std::string(subject));
    return year >= 1900 ? std::optional<int>(year) : std::nullopt;
}

}  // namespace

Result<CaseRow> CaseService::open_report_case(const CaseActor& actor, const CaseType& type, const OpenRequest& request,
                                              const std::map<std::string, std::string>& inputs) {
    if (request.record)
        return Error::invalid("a case about a year's report registers no record")
            .with({{"record", "give the year as the subject instead"}});
    if (!report_year(request.subject))
        return Error::invalid("the subject of this case type is a year, such as 2023")
            .with({{"subject", "must be a year, such as 2023"}});
    if (type.one_per_subject) {
        if (const auto existing = TRY(case_of(type.key, request.subject)))
            return Error::conflict(fmt::format("this report has a case already: case {}", existing->id))
                .with({{"subject", fmt::format("has case {}", existing->id)}});
    }
    const auto* s = type.state(type.initial);
    auto deadline = deadline_of(*s, workflows_.holidays, today_);
    if (!deadline) return Error(deadline.error()).with({{"transition", deadline.error().message}});
    CaseRow row;
    row.type = type.key;
    row.subject_kind = "report";
    row.subject_id = request.subject;
    row.state = type.initial;
    row.team = request.team.empty() ? actor.team : request.team;
    row.assignee = request.assignee;
    row.opened_on = today_.iso();
    row.state_since = today_.iso();
    row.deadline = *deadline ? (*deadline)->iso() : "";
    row.closed = s->final;
    row.version = 1;
    json::object values;
    for (const auto& [k, v] : inputs) values[k] = v;
    row.data = json::serialize(json::object{{"links", json::array()}, {"values", values}});
    row.id = TRY(store_.add_case(row));
    TRY(write_event(row, actor, "open", "", row.state, {{"inputs", values}}));
    return row;
}

Result<CaseRow> CaseService::report_step(CaseRow row, const CaseActor& actor, const CaseType&,
                                         const TransitionPlan& plan) {
    const auto year = report_year(row.subject_id);
    if (!year) return Error::conflict("the case names no year").with({{"transition", "the case names no year"}});
    const bool freezes = std::any_of(plan.transition->effects.begin(), plan.transition->effects.end(),
                                     [](const Effect& e) { return e.kind == Effect::Kind::FreezeEdition; });
    if ((plan.transition->requires_texts_written || freezes) && !report_)
        return Error::conflict("this step needs the report, which is not at hand here")
            .with({{"transition", "the report is not at hand"}});
    if (plan.transition->requires_texts_written) {
        const auto blocks = TRY(report_->unwritten_blocks(*year));
        if (!blocks.empty()) {
            std::string names;
            for (const auto& b : blocks) names += (names.empty() ? "" : ", ") + b;
            const std::string message = fmt::format(
                "De rapportage {} kan nog niet verder: deze tekstblokken moeten eerst worden geschreven: {}.", *year,
                names);
            return Error::conflict(message).with({{"texts", message}});
        }
    }
    json::object inputs;
    for (const auto& [k, v] : plan.inputs) inputs[k] = v;
    json::object event{{"inputs", inputs}, {"changes", json::object()}};
    if (freezes) {
        event["edition"] = TRY(report_->freeze(*year, plan.inputs, row.id));
    }
    const std::string from = row.state;
    row.state = plan.to->key;
    row.state_since = today_.iso();
    row.deadline = plan.deadline ? plan.deadline->iso() : "";
    row.closed = plan.to->final;
    json::object data = parse_object(row.data);
    json::object values =
        data.contains("values") && data["values"].is_object() ? data["values"].get_object() : json::object();
    for (const auto& [k, v] : plan.inputs) values[k] = v;
    data["values"] = values;
    if (event.contains("edition")) data["edition"] = event["edition"];
    row.data = json::serialize(data);
    if (!row.deadline.empty()) event["deadline"] = row.deadline;
    return commit_change(std::move(row), actor, plan.transition->key, from, event);
}

Result<CaseRow> CaseService::commit_change(CaseRow row, const CaseActor& actor, std::string_view action,
                                           std::string_view from, const json::object& data) {
    const int64_t version = row.version;
    row.version = version + 1;
    TRY(store_.update_case(row, version));
    TRY(write_event(row, actor, action, from, row.state, data));
    return row;
}

Result<CaseRow> CaseService::load_for_work(const CaseActor& actor, int64_t id, int64_t expected_version,
                                           const CaseType*& type, std::string_view what) {
    auto row = TRY(load_for_change(actor, id, expected_version, type));
    if (std::find(type->work_roles.begin(), type->work_roles.end(), actor.role) == type->work_roles.end())
        return Error::conflict("your role does not work on this case type")
            .with({{"role", fmt::format("may not {}", what)}});
    return row;
}

Result<CaseRow> CaseService::load_for_change(const CaseActor&, int64_t id, int64_t expected_version,
                                             const CaseType*& type) {
    auto row = TRY(store_.case_by_id(id));
    if (!row) return Error::not_found("no such case");
    type = workflows_.find(row->type);
    if (!type) return Error::conflict(fmt::format("the case type '{}' is no longer in the catalogue", row->type));
    if (expected_version != 0 && row->version != expected_version)
        return Error::conflict(
                   fmt::format("the case was changed in the meantime (version {}, you had {}): read it again",
                               row->version, expected_version))
            .with({{"version", "is not the current version"}});
    return std::move(*row);
}

Result<CaseRow> CaseService::transition(ingest::RecordWriter& records, const CaseActor& actor, int64_t id,
                                        const TransitionRequest& request, int64_t expected_version) {
    const CaseType* type = nullptr;
    CaseRow row = TRY(load_for_change(actor, id, expected_version, type));

    CaseFacts facts{row.state, {}};
    for (const auto& l : TRY(linked(row))) facts.linked_types.push_back(l.type);
    TransitionRequest req = request;
    req.role = actor.role;
    auto decision = decide(*type, workflows_.holidays, facts, req, today_);
    if (!decision.plan) {
        const bool bad_input = std::all_of(decision.refusals.begin(), decision.refusals.end(), [&](const Refusal& r) {
            return r.field != "transition" && r.field != "role" && r.field != "linked";
        });
        const std::string message = fmt::format("the step is refused: {}", joined(decision.refusals));
        return (bad_input ? Error::invalid(message) : Error::conflict(message)).with(std::move(decision.refusals));
    }
    const auto& plan = *decision.plan;
    if (type->report_subject) return report_step(std::move(row), actor, *type, plan);

    // The subject's new version and the activities the step creates.
    const auto kind = *records::parse_kind(row.subject_kind);
    const auto subject = TRY(store_.current(kind, row.subject_id));
    if (!subject || subject->withdrawn)
        return Error::conflict("the case's record has been withdrawn")
            .with({{"transition", "the case's record has been withdrawn"}});
    json::object fields = subject->record.fields;
    json::object changes;
    std::vector<records::Record> created;
    auto change = [&](const std::string& field, json::value value) {
        json::value old = field_json(fields, field);
        if (old == value) return;
        changes[field] = json::array{old, value};
        set_field(fields, field, std::move(value));
    };
    for (const auto& e : plan.transition->effects) {
        const std::string input = e.input.empty() ? "" : plan.inputs.count(e.input) ? plan.inputs.at(e.input) : "";
        switch (e.kind) {
            case Effect::Kind::Set: change(e.field, json::string(e.input.empty() ? e.value : input)); break;
            case Effect::Kind::Clear: change(e.field, nullptr); break;
            case Effect::Kind::Append: {
                json::value list = field_json(fields, e.field);
                json::array items = list.is_array() ? list.get_array() : json::array();
                const std::string date =
                    !e.dated_by.empty() && plan.inputs.count(e.dated_by) ? plan.inputs.at(e.dated_by) : today_.iso();
                items.emplace_back(fmt::format("{}: {}", date, input));
                change(e.field, std::move(items));
                break;
            }
            case Effect::Kind::FreezeEdition: break;  // only cases about a report (report_step)
            case Effect::Kind::CreateActivity: {
                const auto new_id = TRY(new_activity_id(fmt::format("{}-{}", row.subject_id, e.activity_type)));
                json::object raw{{"kind", "activity"},
                                 {"id", new_id},
                                 {"type", e.activity_type},
                                 {"date", today_.iso()},
                                 {"parent", row.subject_id}};
                for (const char* copied : {"address", "organisation", "area"})
                    if (const auto* v = fields.if_contains(copied)) raw[copied] = *v;
                created.push_back(TRY(validated(raw, catalogue_)));
                break;
            }
        }
    }
    if (!type->state_field.empty()) change(type->state_field, json::string(plan.to->key));
    std::optional<records::Record> next;
    if (!changes.empty()) {
        json::object raw = fields;
        raw["kind"] = records::kind_name(kind);
        next = TRY(validated(raw, catalogue_));
    }

    // Everything is checked: write.
    if (next) TRY(records.apply(*next));
    json::array made;
    for (const auto& r : created) {
        TRY(records.apply(r));
        made.emplace_back(r.id);
    }
    const std::string from = row.state;
    row.state = plan.to->key;
    row.state_since = today_.iso();
    row.deadline = plan.deadline ? plan.deadline->iso() : "";
    row.closed = plan.to->final;
    json::object data = parse_object(row.data);
    json::object values =
        data.contains("values") && data["values"].is_object() ? data["values"].get_object() : json::object();
    json::object inputs;
    for (const auto& [k, v] : plan.inputs) values[k] = inputs[k] = v;
    data["values"] = values;
    row.data = json::serialize(data);
    json::object event{{"inputs", inputs}, {"changes", changes}};
    if (!made.empty()) event["created"] = made;
    if (!row.deadline.empty()) event["deadline"] = row.deadline;
    return commit_change(std::move(row), actor, plan.transition->key, from, event);
}

Result<CaseRow> CaseService::assign(const CaseActor& actor, int64_t id, const std::string& team,
                                    const std::string& assignee, int64_t expected_version) {
    const CaseType* type = nullptr;
    CaseRow row = TRY(load_for_work(actor, id, expected_version, type, "assign"));
    if (!team.empty()) {
        const auto org = TRY(store_.current(records::Kind::Organisation, team));
        if (!org || org->withdrawn)
            return Error::invalid("the team is not a stored organisation").with({{"team", "no such organisation"}});
    }
    if (!assignee.empty()) {
        const auto user = TRY(store_.user_by_name(assignee));
        if (!user || user->disabled || user->municipality != store_.municipality())
            return Error::invalid("the assignee is not an active user").with({{"assignee", "no such user"}});
        if (!contains(type->work_roles, user->role))
            return Error::invalid("the assignee's role does not work on this case type")
                .with({{"assignee", fmt::format("the role '{}' does not work on this case type", user->role)}});
    }
    json::object changes;
    if (team != row.team) changes["team"] = json::array{json::string(row.team), json::string(team)};
    if (assignee != row.assignee) changes["assignee"] = json::array{json::string(row.assignee), json::string(assignee)};
    if (changes.empty()) return row;
    row.team = team;
    row.assignee = assignee;
    const std::string state = row.state;
    return commit_change(std::move(row), actor, "assign", state, {{"changes", changes}});
}

Result<CaseRow> CaseService::note(const CaseActor& actor, int64_t id, const std::string& text,
                                  int64_t expected_version) {
    const CaseType* type = nullptr;
    CaseRow row = TRY(load_for_work(actor, id, expected_version, type, "add notes"));
    if (text.empty() || text.size() > 20000)
        return Error::invalid("a note is 1 to 20,000 characters").with({{"text", "1 to 20,000 characters"}});
    const std::string state = row.state;
    return commit_change(std::move(row), actor, "note", state, {{"text", text}});
}

Result<CaseRow> CaseService::link(const CaseActor& actor, int64_t id, const std::string& activity,
                                  int64_t expected_version) {
    const CaseType* type = nullptr;
    CaseRow row = TRY(load_for_work(actor, id, expected_version, type, "link activities"));
    const auto rec = TRY(store_.current(records::Kind::Activity, activity));
    if (!rec || rec->withdrawn) return Error::invalid("no such activity").with({{"activity", "no such activity"}});
    json::object data = parse_object(row.data);
    json::array links = data.contains("links") && data["links"].is_array() ? data["links"].get_array() : json::array();
    for (const auto& l : links)
        if (l == json::value(activity)) return row;
    links.emplace_back(activity);
    data["links"] = links;
    row.data = json::serialize(data);
    const std::string state = row.state;
    return commit_change(std::move(row), actor, "link", state,
                         {{"activity", activity}, {"activity_type", rec->record.text("type")}});
}

Result<std::vector<CaseRow>> CaseService::unsignalled_overdue() {
    storage::CaseFilter f;
    f.open_only = true;
    f.deadline_before = today_.iso();
    std::vector<CaseRow> out;
    for (auto& row : TRY(store_.cases(f))) {
        const auto events = TRY(store_.case_events(row.id));
        // Once per entry into the current state.
        bool signalled = false;
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
            if (it->action == "deadline_passed") {
                signalled = true;
                break;
            }
            if (it->from_state != it->to_state) break;
        }
        if (!signalled) out.push_back(std::move(row));
    }
    return out;
}

Result<int> CaseService::signal_overdue() {
    int signals = 0;
    for (auto row : TRY(unsignalled_overdue())) {
        const std::string state = row.state, deadline = row.deadline;
        TRY(commit_change(std::move(row), CaseActor{"grip", "", ""}, "deadline_passed", state,
                          {{"deadline", deadline}}));
        ++signals;
    }
    return signals;
}

}  // namespace grip::casework
