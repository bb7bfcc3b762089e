#include "casework/transition_rules.h"

#include <algorithm>

#include <fmt/format.h>

namespace grip::casework {
namespace json = boost::json;
namespace {

std::string labels(const CaseType& type, const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) {
        const auto* s = type.state(k);
        out += fmt::format("{}'{}'", out.empty() ? "" : ", ", s ? s->label : k);
    }
    return out;
}

// Checks one input's value and puts it in normal form.
std::optional<std::string> check_input(const Input& in, const json::value* v, std::string& reason) {
    if (!v || (v->is_string() && v->get_string().empty()) || v->is_null()) {
        reason = fmt::format("{} is required for this step", in.label);
        return std::nullopt;
    }
    if (!v->is_string()) {
        reason = fmt::format("{} must be text", in.label);
        return std::nullopt;
    }
    const std::string value(v->get_string());
    switch (in.type) {
        case Input::Type::Date:
            if (!Date::parse(value)) {
                reason = fmt::format("{} must be a date YYYY-MM-DD", in.label);
                return std::nullopt;
            }
            break;
        case Input::Type::Enum:
            if (!contains(in.values, value)) {
                std::string values;
                for (const auto& x : in.values) values += (values.empty() ? "" : ", ") + x;
                reason = fmt::format("{} must be one of {}", in.label, values);
                return std::nullopt;
            }
            break;
        case Input::Type::Text:
            if (value.size() > 20000) {
                reason = fmt::format("{} is longer than 20,000 characters", in.label);
                return std::nullopt;
            }
            break;
    }
    return value;
}

void check_inputs(const CaseType& type, const std::vector<std::string>& required, const json::object& given,
                  std::map<std::string, std::string>& normal, std::vector<Refusal>& refusals) {
    for (const auto& kv : given)
        if (!type.input(kv.key())) refusals.push_back({std::string(kv.key()), "this case type has no such input"});
    for (const auto& in : type.inputs) {
        const auto* v = given.if_contains(in.key);
        const bool needed = contains(required, in.key);
        if (!v && !needed) continue;
        std::string reason;
        if (auto value = check_input(in, v, reason)) normal[in.key] = *value;
        else if (needed || v) refusals.push_back({in.key, reason});
    }
}

}  // namespace

std::vector<const Transition*> allowed_transitions(const CaseType& type, std::string_view state,
                                                   std::string_view role) {
    std::vector<const Transition*> out;
    for (const auto& t : type.transitions)
        if (contains(t.from, state) && contains(t.roles, role)) out.push_back(&t);
    return out;
}

Result<std::optional<Date>> deadline_of(const State& state, const HolidayCalendar& holidays, Date today) {
    if (!state.deadline_working_days) return std::optional<Date>{};
    return std::optional<Date>(TRY(holidays.add_working_days(today, *state.deadline_working_days)));
}

Decision decide(const CaseType& type, const HolidayCalendar& holidays, const CaseFacts& facts,
                const TransitionRequest& request, Date today) {
    Decision d;
    const auto* t = type.transition(request.transition);
    if (!t) {
        d.refusals.push_back({"transition", fmt::format("'{}' is not a step of a {}", request.transition, type.label)});
        return d;
    }
    const auto* from = type.state(facts.state);
    if (!contains(t->from, facts.state))
        d.refusals.push_back({"transition", fmt::format("'{}' can be taken from {} only; the case is '{}'", t->label,
                                                        labels(type, t->from), from ? from->label : facts.state)});
    if (!contains(t->roles, request.role))
        d.refusals.push_back({"role", fmt::format("the role '{}' may not take the step '{}'", request.role, t->label)});
    for (const auto& needed : t->required_links)
        if (!contains(facts.linked_types, needed))
            d.refusals.push_back(
                {"linked", fmt::format("'{}' needs a linked activity of type '{}' first", t->label, needed)});
    TransitionPlan plan;
    check_inputs(type, t->required_inputs, request.inputs, plan.inputs, d.refusals);
    if (!d.refusals.empty()) return d;
    plan.transition = t;
    plan.to = type.state(t->to);
    auto deadline = deadline_of(*plan.to, holidays, today);
    if (!deadline) {
        d.refusals.push_back({"transition", deadline.error().message});
        return d;
    }
    plan.deadline = *deadline;
    d.plan = std::move(plan);
    return d;
}

std::vector<Refusal> check_open_inputs(const CaseType& type, const json::object& inputs,
                                       std::map<std::string, std::string>& normal) {
    std::vector<Refusal> refusals;
    check_inputs(type, type.open_requires, inputs, normal, refusals);
    return refusals;
}

std::string field_value(const json::object& fields, std::string_view field) {
    const json::object* o = &fields;
    if (field.starts_with("attributes.")) {
        const auto* a = fields.if_contains("attributes");
        if (!a || !a->is_object()) return {};
        o = &a->get_object();
        field.remove_prefix(11);
    }
    const auto* v = o->if_contains(field);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string initial_state(const CaseType& type, const json::object& subject_fields) {
    if (type.initial_field.empty()) return type.initial;
    auto it = type.initial_map.find(field_value(subject_fields, type.initial_field));
    return it == type.initial_map.end() ? type.initial : it->second;
}

}  // namespace grip::casework
