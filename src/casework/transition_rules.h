#pragma once
// The rules of a case type as pure functions: which transitions a role may
// make from a state, and whether a requested transition is allowed, with
// every reason when it is not. No store, no clock: the caller gives the
// facts (the linked activity types, the inputs, the day).

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "casework/workflow.h"
#include "common/result.h"

namespace grip::casework {

// Why a transition is refused; `field` names the input (or "transition",
// "role", "linked") so that an interface can show it next to the field.
// The reasons travel inside the Error (common/result.h).
using Refusal = Reason;

// The facts about one case that the rules look at.
struct CaseFacts {
    std::string state;
    std::vector<std::string> linked_types;  // activity types linked to the case
};

struct TransitionRequest {
    std::string transition;
    std::string role;
    boost::json::object inputs;  // input key -> string value
};

// The outcome of an allowed transition: the new state, its deadline (if the
// state has one) and the inputs in normal form.
struct TransitionPlan {
    const Transition* transition = nullptr;
    const State* to = nullptr;
    std::optional<Date> deadline;
    std::map<std::string, std::string> inputs;
};

// The transitions `role` may make from `state`, in catalogue order.
std::vector<const Transition*> allowed_transitions(const CaseType& type, std::string_view state, std::string_view role);

// Checks a request against the case type; on refusal, every reason.
// `today` is the day of the step (for the deadline).
struct Decision {
    std::optional<TransitionPlan> plan;
    std::vector<Refusal> refusals;
};
Decision decide(const CaseType& type, const HolidayCalendar& holidays, const CaseFacts& facts,
                const TransitionRequest& request, Date today);

// Checks the inputs given when a case is opened (open_requires).
std::vector<Refusal> check_open_inputs(const CaseType& type, const boost::json::object& inputs,
                                       std::map<std::string, std::string>& normal);

// The deadline of entering `state` on `today`, if the state has one.
Result<std::optional<Date>> deadline_of(const State& state, const HolidayCalendar& holidays, Date today);

// The first state of a case about an existing record, from that record.
std::string initial_state(const CaseType& type, const boost::json::object& subject_fields);

// The value of `field` (or attributes.NAME) of a record's fields, or empty.
std::string field_value(const boost::json::object& fields, std::string_view field);

}  // namespace grip::casework
