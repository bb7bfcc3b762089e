#include "casework/workflow_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "catalogue/catalogue_loader.h"

namespace grip::casework {
namespace json = boost::json;
namespace {

constexpr std::string_view kFormat = "grip-workflows/1";
constexpr std::string_view kHolidayFormat = "grip-holidays/1";

std::string join(const std::string& path, std::string_view key) { return fmt::format("{}.{}", path, key); }
std::string at(const std::string& path, size_t i) { return fmt::format("{}[{}]", path, i); }

// Reads the files, recording every problem instead of stopping at the first.
class Reader {
public:
    Reader(const WorkflowContext& context, std::vector<std::string>& problems)
        : context_(context), problems_(problems) {}

    void problem(const std::string& path, std::string message) {
        problems_.push_back(fmt::format("{}: {}", path, message));
    }

    void check_keys(const json::object& o, const std::string& path, std::initializer_list<std::string_view> keys) {
        for (const auto& kv : o)
            if (std::find(keys.begin(), keys.end(), kv.key()) == keys.end())
                problem(join(path, kv.key()), "unknown field");
    }

    std::string text(const json::object& o, std::string_view key, const std::string& path, bool required) {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(join(path, key), "required");
            return {};
        }
        if (!v->is_string() || v->get_string().empty()) {
            problem(join(path, key), "must be a non-empty string");
            return {};
        }
        return std::string(v->get_string());
    }

    std::vector<std::string> texts(const json::object& o, std::string_view key, const std::string& path) {
        std::vector<std::string> out;
        const auto* v = o.if_contains(key);
        if (!v) return out;
        if (!v->is_array()) {
            problem(join(path, key), "must be a list of strings");
            return out;
        }
        for (size_t i = 0; i < v->get_array().size(); ++i) {
            const auto& item = v->get_array()[i];
            if (!item.is_string()) problem(at(join(path, key), i), "must be a string");
            else out.emplace_back(item.get_string());
        }
        return out;
    }

    bool flag(const json::object& o, std::string_view key, const std::string& path, bool fallback) {
        const auto* v = o.if_contains(key);
        if (!v) return fallback;
        if (!v->is_bool()) {
            problem(join(path, key), "must be true or false");
            return fallback;
        }
        return v->get_bool();
    }

    void roles(const std::vector<std::string>& names, const std::string& path) {
        if (context_.roles.empty()) return;
        for (const auto& r : names)
            if (!contains(context_.roles, r)) problem(path, fmt::format("unknown role '{}' (see roles.json)", r));
    }

    // A field of the subject's kind, or attributes.NAME of its activity type.
    void subject_field(const CaseType& t, const std::string& field, const std::string& path) {
        if (t.report_subject) {
            problem(path, "a case about a year's report has no record fields");
            return;
        }
        const auto& spec = records::kind_spec(t.subject_kind);
        if (field.starts_with("attributes.")) {
            const auto name = std::string_view(field).substr(11);
            if (t.subject_kind != records::Kind::Activity) {
                problem(path, "only an activity has attributes");
                return;
            }
            if (!context_.catalogue || t.subject_type.empty()) return;
            const auto* type = context_.catalogue->activity_type(t.subject_type);
            if (type && !type->attribute(name))
                problem(path, fmt::format("the activity type '{}' has no attribute '{}'", t.subject_type, name));
            return;
        }
        const auto* f = spec.field(field);
        if (!f) problem(path, fmt::format("a {} has no field '{}'", spec.name, field));
        else if (f->name == spec.id_field || f->personal == records::Personal::Yes)
            problem(path, fmt::format("casework may not change the field '{}'", field));
    }

    State read_state(std::string_view key, const json::value& v, const std::string& path) {
        State s;
        s.key = std::string(key);
        if (!v.is_object()) {
            problem(path, "must be an object");
            return s;
        }
        const auto& o = v.get_object();
        check_keys(o, path, {"label", "deadline_working_days", "final", "tags"});
        s.label = text(o, "label", path, true);
        s.final = flag(o, "final", path, false);
        s.tags = texts(o, "tags", path);
        if (const auto* d = o.if_contains("deadline_working_days")) {
            if (!d->is_int64() || d->get_int64() < 1 || d->get_int64() > 365)
                problem(join(path, "deadline_working_days"), "must be a whole number of working days from 1 to 365");
            else if (s.final) problem(join(path, "deadline_working_days"), "a final state has no deadline");
            else s.deadline_working_days = static_cast<int>(d->get_int64());
        }
        return s;
    }

    Input read_input(std::string_view key, const json::value& v, const std::string& path) {
        Input in;
        in.key = std::string(key);
        if (!v.is_object()) {
            problem(path, "must be an object");
            return in;
        }
        const auto& o = v.get_object();
        check_keys(o, path, {"label", "type", "values"});
        in.label = text(o, "label", path, true);
        const auto type = text(o, "type", path, true);
        if (type == "text") in.type = Input::Type::Text;
        else if (type == "date") in.type = Input::Type::Date;
        else if (type == "enum") in.type = Input::Type::Enum;
        else if (!type.empty())
            problem(join(path, "type"), fmt::format("unknown type '{}' (text, date or enum)", type));
        in.values = texts(o, "values", path);
        if (in.type == Input::Type::Enum && in.values.empty())
            problem(join(path, "values"), "an enum lists its values");
        return in;
    }

    Effect read_effect(const CaseType& t, const json::value& v, const std::string& path) {
        Effect e;
        if (!v.is_object()) {
            problem(path, "must be an object");
            return e;
        }
        const auto& o = v.get_object();
        check_keys(o, path,
                   {"set", "clear", "append", "create_activity", "freeze_edition", "value", "input", "dated_by"});
        if (o.contains("freeze_edition")) {
            // A case about a year's report freezes its edition; it changes no record.
            e.kind = Effect::Kind::FreezeEdition;
            if (o.size() != 1 || !o.at("freeze_edition").is_bool() || !o.at("freeze_edition").get_bool())
                problem(path, "freeze_edition is {\"freeze_edition\": true}, alone");
            if (!t.report_subject) problem(path, "only a case about a year's report freezes an edition");
            return e;
        }
        if (t.report_subject) {
            problem(path, "a case about a year's report changes no record: its only effect is freeze_edition");
            return e;
        }
        int verbs = 0;
        for (auto [verb, kind] :
             {std::pair{"set", Effect::Kind::Set}, std::pair{"clear", Effect::Kind::Clear},
              std::pair{"append", Effect::Kind::Append}, std::pair{"create_activity", Effect::Kind::CreateActivity}}) {
            if (!o.contains(verb)) continue;
            ++verbs;
            e.kind = kind;
            (kind == Effect::Kind::CreateActivity ? e.activity_type : e.field) = text(o, verb, path, true);
        }
        if (verbs != 1) {
            problem(path, "an effect is exactly one of set, clear, append, create_activity");
            return e;
        }
        e.value = o.contains("value") ? text(o, "value", path, true) : "";
        e.input = o.contains("input") ? text(o, "input", path, true) : "";
        e.dated_by = o.contains("dated_by") ? text(o, "dated_by", path, true) : "";
        for (const auto& name : {e.input, e.dated_by})
            if (!name.empty() && !t.input(name)) problem(path, fmt::format("unknown input '{}'", name));
        if (e.kind == Effect::Kind::CreateActivity) {
            if (t.subject_kind != records::Kind::Activity) problem(path, "only a case about an activity creates one");
            if (context_.catalogue && !e.activity_type.empty() && !context_.catalogue->activity_type(e.activity_type))
                problem(path, fmt::format("unknown activity type '{}'", e.activity_type));
            return e;
        }
        subject_field(t, e.field, path);
        if (e.kind == Effect::Kind::Set && e.value.empty() && e.input.empty())
            problem(path, "set takes a value or an input");
        if (e.kind == Effect::Kind::Set && !e.value.empty() && !e.input.empty())
            problem(path, "set takes a value or an input, not both");
        if (e.kind == Effect::Kind::Append) {
            const auto* f = records::kind_spec(t.subject_kind).field(e.field);
            if (f && f->type != records::FieldType::TextList) problem(path, "append needs a list of text");
            if (e.input.empty()) problem(path, "append takes an input");
        }
        return e;
    }

    Transition read_transition(const CaseType& t, const json::value& v, const std::string& path) {
        Transition tr;
        if (!v.is_object()) {
            problem(path, "must be an object");
            return tr;
        }
        const auto& o = v.get_object();
        check_keys(o, path, {"key", "label", "from", "to", "roles", "requires", "effects"});
        tr.key = text(o, "key", path, true);
        tr.label = text(o, "label", path, true);
        tr.from = texts(o, "from", path);
        tr.to = text(o, "to", path, true);
        tr.roles = texts(o, "roles", path);
        if (tr.from.empty()) problem(join(path, "from"), "a transition starts from at least one state");
        for (const auto& s : tr.from)
            if (!t.state(s)) problem(join(path, "from"), fmt::format("unknown state '{}'", s));
        if (!tr.to.empty() && !t.state(tr.to)) problem(join(path, "to"), fmt::format("unknown state '{}'", tr.to));
        if (tr.roles.empty()) problem(join(path, "roles"), "at least one role makes a transition");
        roles(tr.roles, join(path, "roles"));
        if (const auto* r = o.if_contains("requires")) {
            const std::string rpath = join(path, "requires");
            if (!r->is_object()) problem(rpath, "must be an object");
            else {
                check_keys(r->get_object(), rpath, {"inputs", "linked", "texts_written"});
                tr.requires_texts_written = flag(r->get_object(), "texts_written", rpath, false);
                if (tr.requires_texts_written && !t.report_subject)
                    problem(join(rpath, "texts_written"), "only a case about a year's report has texts to write");
                tr.required_inputs = texts(r->get_object(), "inputs", rpath);
                tr.required_links = texts(r->get_object(), "linked", rpath);
                for (const auto& in : tr.required_inputs)
                    if (!t.input(in)) problem(join(rpath, "inputs"), fmt::format("unknown input '{}'", in));
                for (const auto& type : tr.required_links)
                    if (context_.catalogue && !context_.catalogue->activity_type(type))
                        problem(join(rpath, "linked"), fmt::format("unknown activity type '{}'", type));
            }
        }
        if (const auto* effects = o.if_contains("effects")) {
            if (!effects->is_array()) problem(join(path, "effects"), "must be a list");
            else
                for (size_t i = 0; i < effects->get_array().size(); ++i)
                    tr.effects.push_back(read_effect(t, effects->get_array()[i], at(join(path, "effects"), i)));
        }
        return tr;
    }

    CaseType read_type(std::string_view key, const json::value& v, const std::string& path) {
        CaseType t;
        t.key = std::string(key);
        if (!v.is_object()) {
            problem(path, "must be an object");
            return t;
        }
        const auto& o = v.get_object();
        check_keys(o, path,
                   {"label", "subject", "one_per_subject", "personal_data", "read", "open", "work", "initial",
                    "initial_from", "state_field", "overdue_field", "open_requires", "states", "inputs", "transitions",
                    "retention_years"});
        t.label = text(o, "label", path, true);
        if (const auto* s = o.if_contains("subject"); !s || !s->is_object())
            problem(join(path, "subject"), "required: {\"kind\": ..., \"type\": ...}");
        else {
            const std::string spath = join(path, "subject");
            check_keys(s->get_object(), spath, {"kind", "type"});
            const auto kind = text(s->get_object(), "kind", spath, true);
            if (kind == "report") t.report_subject = true;
            else if (auto k = records::parse_kind(kind)) t.subject_kind = *k;
            else if (!kind.empty())
                problem(join(spath, "kind"),
                        fmt::format("unknown record kind '{}' (or \"report\": a year's report)", kind));
            t.subject_type = s->get_object().contains("type") ? text(s->get_object(), "type", spath, true) : "";
            if (!t.subject_type.empty() && t.subject_kind == records::Kind::Activity && context_.catalogue &&
                !context_.catalogue->activity_type(t.subject_type))
                problem(join(spath, "type"), fmt::format("unknown activity type '{}'", t.subject_type));
        }
        t.one_per_subject = flag(o, "one_per_subject", path, true);
        t.personal_data = flag(o, "personal_data", path, false);
        if (const auto* y = o.if_contains("retention_years")) {
            if (!y->is_int64() || y->get_int64() < 1 || y->get_int64() > 100)
                problem(join(path, "retention_years"), "must be a whole number of years from 1 to 100");
            else t.retention_years = static_cast<int>(y->get_int64());
        }
        t.read_roles = texts(o, "read", path);
        t.open_roles = texts(o, "open", path);
        t.work_roles = texts(o, "work", path);
        roles(t.read_roles, join(path, "read"));
        roles(t.open_roles, join(path, "open"));
        roles(t.work_roles, join(path, "work"));
        if (const auto* states = o.if_contains("states");
            !states || !states->is_object() || states->get_object().empty())
            problem(join(path, "states"), "required: an object of states");
        else
            for (const auto& kv : states->get_object())
                t.states.push_back(read_state(kv.key(), kv.value(), join(join(path, "states"), kv.key())));
        if (const auto* inputs = o.if_contains("inputs")) {
            if (!inputs->is_object()) problem(join(path, "inputs"), "must be an object");
            else
                for (const auto& kv : inputs->get_object())
                    t.inputs.push_back(read_input(kv.key(), kv.value(), join(join(path, "inputs"), kv.key())));
        }
        t.initial = text(o, "initial", path, true);
        if (!t.initial.empty() && !t.state(t.initial))
            problem(join(path, "initial"), fmt::format("unknown state '{}'", t.initial));
        if (const auto* f = o.if_contains("initial_from")) {
            const std::string fpath = join(path, "initial_from");
            if (!f->is_object()) problem(fpath, "must be an object");
            else {
                check_keys(f->get_object(), fpath, {"field", "map"});
                t.initial_field = text(f->get_object(), "field", fpath, true);
                if (!t.initial_field.empty()) subject_field(t, t.initial_field, join(fpath, "field"));
                if (const auto* m = f->get_object().if_contains("map"); m && m->is_object())
                    for (const auto& kv : m->get_object()) {
                        if (!kv.value().is_string() || !t.state(kv.value().get_string()))
                            problem(join(join(fpath, "map"), kv.key()), "must name a state");
                        else t.initial_map[std::string(kv.key())] = std::string(kv.value().get_string());
                    }
                else problem(join(fpath, "map"), "required: an object from field values to states");
            }
        }
        t.state_field = o.contains("state_field") ? text(o, "state_field", path, true) : "";
        if (!t.state_field.empty()) subject_field(t, t.state_field, join(path, "state_field"));
        t.overdue_field = o.contains("overdue_field") ? text(o, "overdue_field", path, true) : "";
        if (!t.overdue_field.empty()) subject_field(t, t.overdue_field, join(path, "overdue_field"));
        t.open_requires = texts(o, "open_requires", path);
        for (const auto& in : t.open_requires)
            if (!t.input(in)) problem(join(path, "open_requires"), fmt::format("unknown input '{}'", in));
        if (const auto* trs = o.if_contains("transitions"); !trs || !trs->is_array())
            problem(join(path, "transitions"), "required: a list of transitions");
        else
            for (size_t i = 0; i < trs->get_array().size(); ++i)
                t.transitions.push_back(read_transition(t, trs->get_array()[i], at(join(path, "transitions"), i)));
        for (size_t i = 0; i < t.transitions.size(); ++i)
            for (size_t j = 0; j < i; ++j)
                if (!t.transitions[i].key.empty() && t.transitions[i].key == t.transitions[j].key)
                    problem(join(at(join(path, "transitions"), i), "key"),
                            fmt::format("the key '{}' is used twice", t.transitions[i].key));
        return t;
    }

    HolidayCalendar read_holidays(const json::value& root) {
        const std::string path = "holidays.json";
        if (!root.is_object()) {
            problem(path, "must be an object");
            return {};
        }
        const auto& o = root.get_object();
        if (text(o, "format", path, true) != kHolidayFormat)
            problem(join(path, "format"), fmt::format("must be \"{}\"", kHolidayFormat));
        std::vector<Date> days;
        const auto* list = o.if_contains("holidays");
        if (!list || !list->is_array()) {
            problem(join(path, "holidays"), "required: a list of {\"date\", \"name\"}");
            return {};
        }
        for (size_t i = 0; i < list->get_array().size(); ++i) {
            const auto& item = list->get_array()[i];
            const std::string ipath = at(join(path, "holidays"), i);
            if (!item.is_object()) {
                problem(ipath, "must be an object");
                continue;
            }
            text(item.get_object(), "name", ipath, true);
            const auto date = Date::parse(text(item.get_object(), "date", ipath, true));
            if (!date) problem(join(ipath, "date"), "must be a date YYYY-MM-DD");
            else days.push_back(*date);
        }
        return HolidayCalendar(days);
    }

private:
    const WorkflowContext& context_;
    std::vector<std::string>& problems_;
};

Result<json::value> parse_json(std::string_view text, std::string_view name) {
    std::error_code ec;
    auto v = json::parse(text, ec);
    if (ec) return Error::invalid(fmt::format("{}: not valid JSON: {}", name, ec.message()));
    return v;
}

Result<std::string> read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Result<Workflows> parse_workflows(std::string_view workflows_json, std::string_view holidays_json,
                                  const WorkflowContext& context) {
    const auto root = TRY(parse_json(workflows_json, "workflows.json"));
    const auto holidays = TRY(parse_json(holidays_json, "holidays.json"));
    std::vector<std::string> problems;
    Reader reader(context, problems);
    Workflows out;
    out.holidays = reader.read_holidays(holidays);
    if (!root.is_object()) return Error::invalid("workflows.json: must be an object");
    const auto& o = root.get_object();
    reader.check_keys(o, "workflows.json", {"format", "description", "holidays", "case_types"});
    if (reader.text(o, "format", "workflows.json", true) != kFormat)
        reader.problem("workflows.json.format", fmt::format("must be \"{}\"", kFormat));
    if (const auto* types = o.if_contains("case_types"); !types || !types->is_object())
        reader.problem("workflows.json.case_types", "required: an object of case types");
    else
        for (const auto& kv : types->get_object())
            out.types.push_back(reader.read_type(kv.key(), kv.value(), fmt::format("case_types.{}", kv.key())));
    if (!problems.empty()) {
        std::string message;
        for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
        return Error::invalid(message);
    }
    return out;
}

Result<Workflows> load_workflows(const std::filesystem::path& file, const WorkflowContext& context) {
    const auto text = TRY(read_file(file));
    std::string holidays_name = "holidays.json";
    {
        std::error_code ec;
        const auto v = json::parse(text, ec);
        if (!ec && v.is_object())
            if (const auto* h = v.get_object().if_contains("holidays"); h && h->is_string())
                holidays_name = std::string(h->get_string());
    }
    const auto holidays = TRY(read_file(file.parent_path() / holidays_name));
    auto out = parse_workflows(text, holidays, context);
    if (!out) return Error{out.error().code, fmt::format("{}:\n{}", file.string(), out.error().message)};
    return out;
}

std::filesystem::path default_workflows_file() {
    return catalogue::default_catalogue_file().parent_path() / "workflows.json";
}

}  // namespace grip::casework
