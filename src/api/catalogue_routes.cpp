// /api/v1/catalogue/...: the catalogue as `beheer` reads and changes it.
// Every signed-in role that reads the catalogue sees the activity types with
// their attributes, the indicators with how they are counted and the case
// types with their states, deadlines and steps; a role with catalogue.edit
// changes their wording and a state's deadline.
//
// A change is made to the files the server was started with, checked by the
// same loaders that check them at start (every problem named with its
// field), and saved atomically with the previous version beside it. It takes
// effect when the server starts again: the running server keeps the
// catalogue it started with (handlers, the writer and the figures all hold
// it), and at the next start the store's catalogue fingerprint recounts the
// figures. The answers say which version runs and whether a saved one waits.

#include <algorithm>
#include <functional>
#include <optional>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api_routes.h"
#include "api/case_type_json.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/security_events.h"
#include "api/services.h"
#include "casework/workflow_loader.h"
#include "catalogue/catalogue_files.h"
#include "catalogue/catalogue_loader.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// The files as they are on disk now: what the next start will run.
struct Saved {
    std::string programme_text, workflows_text, holidays_text;
    json::value programme, workflows;
    catalogue::Catalogue catalogue;
    casework::Workflows types;
};

casework::WorkflowContext workflow_context(const Call& call, const catalogue::Catalogue& catalogue) {
    casework::WorkflowContext context{&catalogue, {}};
    for (const auto& role : call.services.roles.roles()) context.roles.push_back(role.name);
    return context;
}

Result<Saved> read_saved(const Call& call) {
    const auto& files = call.services.catalogue_files;
    Saved saved;
    saved.programme_text = TRY(catalogue::read_text_file(files.programme));
    saved.workflows_text = TRY(catalogue::read_text_file(files.workflows));
    std::error_code ec;
    saved.programme = json::parse(saved.programme_text, ec);
    if (ec)
        return Error::invalid("the saved catalogue is not valid JSON: fix the file or restore its .previous version");
    saved.workflows = json::parse(saved.workflows_text, ec);
    if (ec || !saved.workflows.is_object())
        return Error::invalid("the saved case types are not valid JSON: fix the file or restore its .previous version");
    std::string holidays = "holidays.json";
    if (const auto* h = saved.workflows.get_object().if_contains("holidays"); h && h->is_string())
        holidays = std::string(h->get_string());
    saved.holidays_text = TRY(catalogue::read_text_file(files.workflows.parent_path() / holidays));
    std::vector<catalogue::CatalogueProblem> problems;
    auto parsed = catalogue::parse_catalogue(saved.programme_text, problems);
    if (!parsed) return Error::invalid("the saved catalogue has problems (grip catalogue check names them)");
    saved.catalogue = std::move(*parsed);
    auto types =
        casework::parse_workflows(saved.workflows_text, saved.holidays_text, workflow_context(call, saved.catalogue));
    if (!types) return Error::invalid("the saved case types have problems (grip catalogue check names them)");
    saved.types = std::move(*types);
    return saved;
}

json::object status_json(const Call& call, const Saved& saved) {
    const auto& files = call.services.catalogue_files;
    const std::string version = catalogue::text_version(saved.programme_text + saved.workflows_text);
    return {{"running_version", files.running_version},
            {"running_since", files.running_since},
            {"saved_version", version},
            {"pending_restart", version != files.running_version},
            {"writable",
             catalogue::catalogue_writable(files.programme) && catalogue::catalogue_writable(files.workflows)}};
}

const char* attribute_type_name(catalogue::AttributeType type) {
    using T = catalogue::AttributeType;
    switch (type) {
        case T::Text: return "text";
        case T::Bool: return "bool";
        case T::Int: return "int";
        case T::Number: return "number";
        case T::Date: return "date";
        case T::Enum: return "enum";
        case T::List: return "list";
        case T::Country: return "country";
    }
    return "text";
}

json::object activity_type_json(const catalogue::Catalogue& cat, const catalogue::ActivityType& type) {
    json::array attributes;
    for (const auto& a : type.attributes) {
        json::array values;
        for (const auto& v : a.values) values.push_back(json::object{{"code", v.code}, {"label", v.label}});
        attributes.push_back(json::object{
            {"name", a.name}, {"type", attribute_type_name(a.type)}, {"label", a.label}, {"values", values}});
    }
    const auto* theme = cat.theme(type.theme);
    return {{"code", type.code},
            {"theme", type.theme},
            {"theme_label", theme ? theme->label : type.theme},
            {"label", type.label},
            {"description", type.description},
            {"attributes", attributes}};
}

// The indicator with how it is counted, the conditions as the file writes
// them (country groups by name).
json::object indicator_json(const Saved& saved, const catalogue::IndicatorDef& d) {
    json::array where, numerator;
    for (const auto& item : saved.programme.at("indicators").as_array()) {
        const auto& o = item.as_object();
        if (!o.contains("code") || o.at("code") != json::value(d.code)) continue;
        if (const auto* w = o.if_contains("where"); w && w->is_array()) where = w->as_array();
        if (const auto* n = o.if_contains("numerator"); n && n->is_array()) numerator = n->as_array();
    }
    const auto* type = saved.catalogue.activity_type(d.activity_type);
    const auto* theme = saved.catalogue.theme(d.theme);
    return {{"code", d.code},
            {"theme", d.theme},
            {"theme_label", theme ? theme->label : d.theme},
            {"label", d.label},
            {"definition", d.definition},
            {"unit", d.unit},
            {"measure", catalogue::measure_name(d.measure)},
            {"activity_type", d.activity_type.empty() ? json::value(nullptr) : json::value(d.activity_type)},
            {"activity_type_label", type ? json::value(type->label) : json::value(nullptr)},
            {"where", where},
            {"numerator", numerator},
            {"attribute", d.attribute.empty() ? json::value(nullptr) : json::value(d.attribute)},
            {"location_type", d.location_type.empty() ? json::value(nullptr) : json::value(d.location_type)},
            {"aggregate_type", d.aggregate_type.empty() ? json::value(nullptr) : json::value(d.aggregate_type)}};
}

http::Response saved_problem(const Error& error) {
    if (error.code == ErrorCode::Invalid) return problem(status::internal_server_error, error.message);
    return problem_from(error);
}

Answer get_status(Call& call) {
    auto saved = read_saved(call);
    if (!saved) return saved_problem(saved.error());
    return json_response(status::ok, status_json(call, *saved));
}

Answer list_activity_types(Call& call) {
    auto saved = read_saved(call);
    if (!saved) return saved_problem(saved.error());
    json::array items;
    for (const auto& type : saved->catalogue.activity_types)
        items.push_back(activity_type_json(saved->catalogue, type));
    return json_response(status::ok, json::object{{"items", items}, {"catalogue", status_json(call, *saved)}});
}

Answer list_indicators(Call& call) {
    auto saved = read_saved(call);
    if (!saved) return saved_problem(saved.error());
    json::array items;
    for (const auto& d : saved->catalogue.indicators) items.push_back(indicator_json(*saved, d));
    return json_response(status::ok, json::object{{"items", items}, {"catalogue", status_json(call, *saved)}});
}

Answer list_case_types(Call& call) {
    auto saved = read_saved(call);
    if (!saved) return saved_problem(saved.error());
    json::array items;
    for (const auto& type : saved->types.types) items.push_back(case_type_json(type));
    return json_response(status::ok, json::object{{"items", items}, {"catalogue", status_json(call, *saved)}});
}

// ---- Changes -------------------------------------------------------------

// A request's change to one item of a file: the fields it may set, with the
// name each has in the request and in the loader's problems.
struct Change {
    std::vector<InvalidParam> refused;  // the request itself is wrong: 400
    // The loader's path of a changed field (after the item's own path) and
    // the request's name for it.
    std::vector<std::pair<std::string, std::string>> names;
};

// Sets `key` of `target` to the request's value of `name`, if sent: the
// loader decides whether the value is right.
void take(const json::object& body, std::string_view name, json::object& target, std::string_view key, Change& change,
          const std::string& loader_path) {
    const auto* v = body.if_contains(name);
    if (!v) return;
    target[key] = *v;
    change.names.emplace_back(loader_path, std::string(name));
}

void only_fields(const json::object& body, std::initializer_list<std::string_view> known, Change& change) {
    for (const auto& kv : body)
        if (std::find(known.begin(), known.end(), kv.key()) == known.end())
            change.refused.push_back({std::string(kv.key()), "unknown field"});
    if (body.empty()) change.refused.push_back({"body", "nothing to change"});
}

// The loader's problems as the request's invalid parameters: a problem at
// a changed field under the request's name for it, any other with its path.
std::vector<InvalidParam> named(const std::vector<std::pair<std::string, std::string>>& problems,
                                const std::string& item_path, const Change& change) {
    std::vector<InvalidParam> out;
    for (const auto& [path, message] : problems) {
        std::string name = path;
        for (const auto& [loader_path, request_name] : change.names)
            if (path == item_path + loader_path) name = request_name;
        out.push_back({name, message});
    }
    return out;
}

http::Response refused_change(const std::vector<InvalidParam>& params) {
    return problem(status::unprocessable_entity, "the change would make the catalogue invalid: nothing was saved",
                   params);
}

http::Response read_only() {
    return problem(
        status::conflict,
        "the server runs on the catalogue shipped with Grip (or one it may not write), which it does not change: "
        "start the server with a writable copy (grip serve --catalogue COPY/programme.json)",
        {{"catalogue", "read-only"}});
}

// What a change handler decides: the new text of one file and what the
// answer shows, or a refusal.
struct Outcome {
    std::optional<http::Response> refusal;
    std::string text;                                // the new file
    std::function<json::object(const Saved&)> item;  // the changed item, from the files as saved
    std::string what;                                // for the server log: "activity type X"
};

// Runs one change: under the lock, on the files as they are now; saves the
// new text when the loaders accept it and answers with the item as saved.
Answer change_file(Call& call, bool programme_file,
                   const std::function<Outcome(const Saved&, const json::object&)>& decide) {
    auto body = TRY(json_object_body(call));
    // The catalogue is the installation's: its home municipality keeps it.
    const auto& home = call.services.catalogue.catalogue.municipality_code;
    if (call.actor->municipality != home)
        return problem(status::forbidden,
                       fmt::format("the catalogue serves every municipality of the installation: the functional "
                                   "administrators of {} ({}) change it",
                                   call.services.catalogue.catalogue.municipality_name, home));
    auto& files = call.services.catalogue_files;
    const auto& file = programme_file ? files.programme : files.workflows;
    if (!catalogue::catalogue_writable(file)) return read_only();
    std::lock_guard lock(files.saving);
    auto saved = read_saved(call);
    if (!saved) return saved_problem(saved.error());
    auto outcome = decide(*saved, body);
    if (outcome.refusal) return std::move(*outcome.refusal);
    TRY(catalogue::replace_file_atomically(file, outcome.text));
    spdlog::info("catalogue: {} changed the {} (saved version for the next start)", call.actor->name, outcome.what);
    if (auto logged = log_security(call, privacy::SecurityEvent::CatalogueChanged, privacy::SecurityResult::Ok,
                                   file.filename().string(), outcome.what);
        !logged)
        return logged.error();
    auto after = read_saved(call);
    if (!after) return saved_problem(after.error());
    return json_response(status::ok,
                         json::object{{"item", outcome.item(*after)}, {"catalogue", status_json(call, *after)}});
}

// Checks a changed programme.json with the catalogue's loader, and the case
// types against it; the problems with their paths.
std::vector<std::pair<std::string, std::string>> check_programme(const Call& call, const Saved& saved,
                                                                 const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<catalogue::CatalogueProblem> problems;
    auto parsed = catalogue::parse_catalogue(text, problems);
    for (const auto& p : problems) out.emplace_back(p.path, p.message);
    if (parsed && out.empty()) {
        auto types =
            casework::parse_workflows(saved.workflows_text, saved.holidays_text, workflow_context(call, *parsed));
        if (!types) out.emplace_back("workflows.json", types.error().message);
    }
    if (!parsed && out.empty()) out.emplace_back("catalogue", parsed.error().message);
    return out;
}

// The workflow loader's problems ("path: message" per line) as pairs.
std::vector<std::pair<std::string, std::string>> check_workflows(const Call& call, const Saved& saved,
                                                                 const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    auto types = casework::parse_workflows(text, saved.holidays_text, workflow_context(call, saved.catalogue));
    if (types) return out;
    const std::string& message = types.error().message;
    size_t start = 0;
    while (start < message.size()) {
        size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        const std::string line = message.substr(start, end - start);
        const size_t colon = line.find(": ");
        if (colon == std::string::npos) out.emplace_back("workflows.json", line);
        else out.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        start = end + 1;
    }
    return out;
}

// The index of the item of `list` whose `key` is `value`.
std::optional<size_t> find_item(const json::array& list, std::string_view key, std::string_view value) {
    for (size_t i = 0; i < list.size(); ++i)
        if (const auto* o = list[i].if_object(); o && o->contains(key) && o->at(key) == json::value(value)) return i;
    return std::nullopt;
}

using Check = std::vector<std::pair<std::string, std::string>> (*)(const Call&, const Saved&, const std::string&);

// The end of every change: a request that is not a change is refused (400),
// the changed file checked by its loader (422 naming the fields), else the
// new text to save.
Outcome decided(const Call& call, const Saved& saved, const Change& change, const json::value& doc, Check check,
                const std::string& item_path, std::function<json::object(const Saved&)> item, std::string what) {
    if (!change.refused.empty())
        return {problem(status::bad_request, "the change is not one this route makes", change.refused), {}, {}, {}};
    std::string text = catalogue::readable_json(doc);
    const auto problems = check(call, saved, text);
    if (!problems.empty()) return {refused_change(named(problems, item_path, change)), {}, {}, {}};
    return {std::nullopt, std::move(text), std::move(item), std::move(what)};
}

Answer change_activity_type(Call& call) {
    const std::string code = call.path.at("code");
    return change_file(call, true, [&](const Saved& saved, const json::object& body) -> Outcome {
        json::value doc = saved.programme;
        auto& list = doc.as_object()["activity_types"].as_array();
        const auto index = find_item(list, "code", code);
        if (!index) return {problem(status::not_found, "no such activity type"), {}, {}, {}};
        auto& type = list[*index].as_object();
        Change change;
        only_fields(body, {"label", "description", "attributes"}, change);
        take(body, "label", type, "label", change, "label");
        take(body, "description", type, "description", change, "description");
        if (const auto* attributes = body.if_contains("attributes")) {
            auto* existing = type.contains("attributes") ? type["attributes"].if_array() : nullptr;
            if (!attributes->is_object())
                change.refused.push_back({"attributes", "must be an object of attribute names"});
            else
                for (const auto& [name, value] : attributes->get_object()) {
                    const std::string field = fmt::format("attributes.{}.label", std::string_view(name));
                    const auto at = existing ? find_item(*existing, "name", name) : std::nullopt;
                    if (!at)
                        change.refused.push_back(
                            {fmt::format("attributes.{}", std::string_view(name)), "unknown attribute"});
                    else if (!value.is_object() || value.get_object().size() != 1 ||
                             !value.get_object().contains("label"))
                        change.refused.push_back({field, "must be an object with the label only"});
                    else {
                        take(value.get_object(), "label", (*existing)[*at].as_object(), "label", change,
                             fmt::format("attributes[{}].label", *at));
                        change.names.back().second = field;
                    }
                }
        }
        return decided(
            call, saved, change, doc, check_programme, fmt::format("activity_types[{}].", *index),
            [code](const Saved& after) {
                return activity_type_json(after.catalogue, *after.catalogue.activity_type(code));
            },
            fmt::format("activity type {}", code));
    });
}

Answer change_indicator(Call& call) {
    const std::string code = call.path.at("code");
    return change_file(call, true, [&](const Saved& saved, const json::object& body) -> Outcome {
        json::value doc = saved.programme;
        auto& list = doc.as_object()["indicators"].as_array();
        const auto index = find_item(list, "code", code);
        if (!index) return {problem(status::not_found, "no such indicator"), {}, {}, {}};
        auto& indicator = list[*index].as_object();
        Change change;
        only_fields(body, {"label", "definition"}, change);
        take(body, "label", indicator, "label", change, "label");
        take(body, "definition", indicator, "definition", change, "definition");
        return decided(
            call, saved, change, doc, check_programme, fmt::format("indicators[{}].", *index),
            [code](const Saved& after) { return indicator_json(after, *after.catalogue.indicator(code)); },
            fmt::format("indicator {}", code));
    });
}

Answer change_state(Call& call) {
    const std::string key = call.path.at("key");
    const std::string state = call.path.at("state");
    return change_file(call, false, [&](const Saved& saved, const json::object& body) -> Outcome {
        json::value doc = saved.workflows;
        auto* types = doc.as_object()["case_types"].if_object();
        auto* type = types ? types->if_contains(key) : nullptr;
        auto* states = type && type->is_object() ? type->as_object()["states"].if_object() : nullptr;
        auto* target = states ? states->if_contains(state) : nullptr;
        if (!target || !target->is_object())
            return {problem(status::not_found, "no such case type or state"), {}, {}, {}};
        auto& s = target->as_object();
        Change change;
        only_fields(body, {"label", "deadline_working_days"}, change);
        take(body, "label", s, "label", change, "label");
        if (const auto* d = body.if_contains("deadline_working_days"); d && d->is_null()) {
            s.erase("deadline_working_days");  // no deadline in this state
        } else {
            take(body, "deadline_working_days", s, "deadline_working_days", change, "deadline_working_days");
        }
        return decided(
            call, saved, change, doc, check_workflows, fmt::format("case_types.{}.states.{}.", key, state),
            [key](const Saved& after) { return case_type_json(*after.types.find(key)); },
            fmt::format("state {} of case type {}", state, key));
    });
}

}  // namespace

void add_catalogue_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc& forbidden = kRoleMayNot;
    const ResponseDoc invalid{400, "Not a change this route makes: invalid_params names the field", "Problem"};
    const ResponseDoc read_only_doc{
        409, "The server runs on the shipped (or a read-only) catalogue: start it with a writable copy", "Problem"};
    const ResponseDoc& not_json = kNotJson;
    const ResponseDoc refused{422,
                              "The loader refuses the changed catalogue: invalid_params names every problem with its "
                              "field; nothing was saved",
                              "Problem"};
    const std::vector<std::string> json_body{"application/json"};
    router.add({verb::get,
                "/api/v1/catalogue/status",
                Access::SignedIn,
                "catalogue.read",
                get_status,
                {"getCatalogueStatus",
                 "The catalogue version running and the one saved for the next start",
                 "catalogue",
                 {},
                 "",
                 {},
                 {{200, "The versions", "CatalogueStatus"}, unauthorised, forbidden}}});
    router.add({verb::get,
                "/api/v1/catalogue/activity-types",
                Access::SignedIn,
                "catalogue.read",
                list_activity_types,
                {"listCatalogueActivityTypes",
                 "The activity types with their attributes, as saved",
                 "catalogue",
                 {},
                 "",
                 {},
                 {{200, "The activity types", "CatalogueActivityTypes"}, unauthorised, forbidden}}});
    router.add({verb::patch,
                "/api/v1/catalogue/activity-types/{code}",
                Access::SignedIn,
                "catalogue.edit",
                change_activity_type,
                {"changeCatalogueActivityType",
                 "Change an activity type's label, description and attribute labels (from the next start)",
                 "catalogue",
                 {},
                 "CatalogueActivityTypeChange",
                 json_body,
                 {{200, "Saved", "CatalogueChanged"},
                  invalid,
                  unauthorised,
                  forbidden,
                  {404, "No such activity type", "Problem"},
                  read_only_doc,
                  not_json,
                  refused}}});
    router.add({verb::get,
                "/api/v1/catalogue/indicators",
                Access::SignedIn,
                "catalogue.read",
                list_indicators,
                {"listCatalogueIndicators",
                 "The indicators with their definitions and how they are counted, as saved",
                 "catalogue",
                 {},
                 "",
                 {},
                 {{200, "The indicators", "CatalogueIndicators"}, unauthorised, forbidden}}});
    router.add({verb::patch,
                "/api/v1/catalogue/indicators/{code}",
                Access::SignedIn,
                "catalogue.edit",
                change_indicator,
                {"changeCatalogueIndicator",
                 "Change an indicator's label and definition (from the next start)",
                 "catalogue",
                 {},
                 "CatalogueIndicatorChange",
                 json_body,
                 {{200, "Saved", "CatalogueChanged"},
                  invalid,
                  unauthorised,
                  forbidden,
                  {404, "No such indicator", "Problem"},
                  read_only_doc,
                  not_json,
                  refused}}});
    router.add({verb::get,
                "/api/v1/catalogue/case-types",
                Access::SignedIn,
                "catalogue.read",
                list_case_types,
                {"listCatalogueCaseTypes",
                 "Every case type with its states, deadlines and steps with their roles, as saved",
                 "catalogue",
                 {},
                 "",
                 {},
                 {{200, "The case types", "CatalogueCaseTypes"}, unauthorised, forbidden}}});
    router.add({verb::patch,
                "/api/v1/catalogue/case-types/{key}/states/{state}",
                Access::SignedIn,
                "catalogue.edit",
                change_state,
                {"changeCatalogueCaseState",
                 "Change a state's label and deadline in working days (from the next start)",
                 "catalogue",
                 {},
                 "CatalogueStateChange",
                 json_body,
                 {{200, "Saved", "CatalogueChanged"},
                  invalid,
                  unauthorised,
                  forbidden,
                  {404, "No such case type or state", "Problem"},
                  read_only_doc,
                  not_json,
                  refused}}});
}

}  // namespace grip::api
