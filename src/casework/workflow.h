#pragma once
// The case types of the catalogue (catalogue/workflows.json, format
// grip-workflows/1): states with deadlines, the inputs a transition may ask
// for, and the transitions with who may make them, what they require and
// what they change in the case's subject record. The engine
// (transition_rules, case_service) is one piece of code for every case type.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/working_days.h"
#include "records/kind.h"

namespace grip::casework {

struct State {
    std::string key;
    std::string label;
    std::optional<int> deadline_working_days;  // none: the state has no deadline
    bool final = false;
    std::vector<std::string> tags;  // e.g. "bewezen": a proven abuse
    bool has_tag(std::string_view tag) const;
};

struct Input {
    enum class Type { Text, Date, Enum };
    std::string key;
    std::string label;
    Type type = Type::Text;
    std::vector<std::string> values;  // for Enum
};

// What a transition changes in the subject record. `field` is a field of the
// record or `attributes.NAME`.
struct Effect {
    // FreezeEdition: a case about a year's report freezes its edition (see
    // ReportSubject in case_service.h) with the step's inputs.
    enum class Kind { Set, Clear, Append, CreateActivity, FreezeEdition };
    Kind kind = Kind::Set;
    std::string field;
    std::string value;          // a constant, or empty
    std::string input;          // the input whose value is used, or empty
    std::string dated_by;       // Append: the input with the date put before the text (else the day of the step)
    std::string activity_type;  // CreateActivity: the type of the new activity (its parent is the subject)
};

struct Transition {
    std::string key;
    std::string label;
    std::vector<std::string> from;
    std::string to;
    std::vector<std::string> roles;
    std::vector<std::string> required_inputs;
    std::vector<std::string> required_links;  // activity types that must be linked to the case
    // A case about a year's report: the step waits until every text block
    // that must be written is (report::unwritten_text_blocks).
    bool requires_texts_written = false;
    std::vector<Effect> effects;
};

struct CaseType {
    std::string key;
    std::string label;
    records::Kind subject_kind = records::Kind::Activity;
    // The subject is a year's report (`{"kind": "report"}`), not a record:
    // the case's subject id is the year, and subject_kind is not used.
    bool report_subject = false;
    std::string subject_type;  // activities: the activity type the subject must have
    bool one_per_subject = true;
    bool personal_data = false;  // a case about persons or addresses: reads are logged
    // Years after a case is closed that its texts (the values of its inputs,
    // its events' notes and inputs) are kept; 0: without end (a motion's case
    // is public record). See docs/retention.md.
    int retention_years = 0;
    std::vector<std::string> read_roles, open_roles, work_roles;
    std::string initial;
    // The first state of a case about a record that exists already, from a
    // field of that record (e.g. a delivered report with its outcome).
    std::string initial_field;
    std::map<std::string, std::string> initial_map;
    std::string state_field;                 // a field of the subject that mirrors the state (motion.status)
    std::string overdue_field;               // a date field of the subject: open past it is overdue (motion.expected)
    std::vector<std::string> open_requires;  // inputs needed to open a case
    std::vector<State> states;
    std::vector<Input> inputs;
    std::vector<Transition> transitions;

    const State* state(std::string_view key) const;
    const Input* input(std::string_view key) const;
    const Transition* transition(std::string_view key) const;
};

struct Workflows {
    std::vector<CaseType> types;
    HolidayCalendar holidays;

    const CaseType* find(std::string_view key) const;
};

// Whether a list of the workflows' names (roles, states, values) holds `name`.
inline bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace grip::casework
