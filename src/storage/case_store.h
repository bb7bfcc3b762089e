#pragma once
// The store's casework (a role of Store, storage/store.h): cases and their
// events.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace grip::storage {

// What is left of a case event's data once retention removed its texts.
inline constexpr std::string_view kErasedCaseText = R"({"removed":"retention"})";

// Casework (see src/casework/). A case is about one record, its subject; its
// history is a list of events that are never changed or removed.
struct CaseRow {
    int64_t id = 0;
    std::string type;          // a case type of catalogue/workflows.json
    std::string subject_kind;  // activity, organisation, motion
    std::string subject_id;
    std::string state;
    std::string team;                              // the organisation that handles the case, or empty
    std::string assignee;                          // the user who handles it, or empty
    std::string area;                              // the subject's area code, for queues by area, or empty
    std::string opened_on, state_since, deadline;  // dates; deadline empty: none
    bool closed = false;                           // in a final state
    int64_t version = 0;                           // 1 when opened, +1 per change
    std::string data = "{}";                       // JSON: linked activities, the values of inputs
};

struct CaseEventRow {
    int64_t case_id = 0;
    int64_t seq = 0;     // 1, 2, ... per case
    std::string at;      // UTC time, ISO 8601
    std::string actor;   // user name
    std::string action;  // open, a transition's key, assign, note, link, deadline_passed, delivery
    std::string from_state, to_state;
    std::string data = "{}";  // JSON: inputs, changes {field: [old, new]}, note text
};

// Which cases a list returns. Empty members do not filter.
struct CaseFilter {
    std::string type;
    std::string subject_kind, subject_id;
    std::string team, assignee;
    bool open_only = false;
    std::string deadline_before;     // open cases whose deadline is before this date
    std::vector<std::string> areas;  // the case's area is one of these codes
    int64_t after_id = 0;            // cursor
    int limit = 0;                   // 0: all
};

// Cases and their events.
class CaseStore {
public:
    virtual ~CaseStore() = default;

    // Casework. update_case writes the row if the stored version is
    // `expected_version`, else fails with Conflict (someone else changed it).
    virtual Result<int64_t> add_case(const CaseRow& row) = 0;
    virtual Status update_case(const CaseRow& row, int64_t expected_version) = 0;
    virtual Result<std::optional<CaseRow>> case_by_id(int64_t id) = 0;
    virtual Result<std::vector<CaseRow>> cases(const CaseFilter& filter) = 0;
    virtual Status add_case_event(const CaseEventRow& event) = 0;
    virtual Result<std::vector<CaseEventRow>> case_events(int64_t case_id) = 0;
};

}  // namespace grip::storage
