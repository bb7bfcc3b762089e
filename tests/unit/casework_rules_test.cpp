// The rules of every case type of the shipped catalogue, without a store:
// each allowed transition, each refused one with its reason, and deadlines
// across weekends and public holidays (the day is given, nobody waits).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "auth/roles.h"
#include "casework/transition_rules.h"
#include "casework/workflow_loader.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
using casework::CaseFacts;
using casework::CaseType;
using casework::TransitionRequest;

const casework::Workflows& shipped() {
    static const casework::Workflows workflows = [] {
        auto roles = auth::RoleTable::load(auth::default_roles_file());
        if (!roles) throw std::runtime_error(roles.error().message);
        casework::WorkflowContext context{&shipped_catalogue(), {}};
        for (const auto& r : roles->roles()) context.roles.push_back(r.name);
        auto w = casework::load_workflows(casework::default_workflows_file(), context);
        if (!w) throw std::runtime_error(w.error().message);
        return std::move(w).value();
    }();
    return workflows;
}

Date day(const char* iso) { return *Date::parse(iso); }

// A valid value for every input.
json::string valid_value(const casework::Input& in) {
    switch (in.type) {
        case casework::Input::Type::Date: return "2025-03-03";
        case casework::Input::Type::Enum: return json::string(in.values.front());
        case casework::Input::Type::Text: return "Toelichting bij de stap.";
    }
    return "";
}

// A request that meets every requirement of the transition.
TransitionRequest complete_request(const CaseType& type, const casework::Transition& t) {
    TransitionRequest r{t.key, t.roles.front(), {}};
    for (const auto& key : t.required_inputs) r.inputs[key] = valid_value(*type.input(key));
    return r;
}

bool has_reason(const casework::Decision& d, std::string_view field) {
    for (const auto& r : d.refusals)
        if (r.field == field && !r.reason.empty()) return true;
    return false;
}

const Date kMonday = day("2025-03-03");

TEST(CaseworkRules, TheShippedCatalogueHasTheThreeCaseTypes) {
    for (const char* key : {"melding_overbewoning", "misstand", "motie"})
        EXPECT_NE(shipped().find(key), nullptr) << key;
    EXPECT_TRUE(shipped().holidays.covers(2026));
}

TEST(CaseworkRules, EveryTransitionIsAllowedFromEachOfItsStatesWithItsRequirements) {
    int checked = 0;
    for (const auto& type : shipped().types)
        for (const auto& t : type.transitions)
            for (const auto& from : t.from) {
                CaseFacts facts{from, t.required_links};
                auto d = casework::decide(type, shipped().holidays, facts, complete_request(type, t), kMonday);
                ASSERT_TRUE(d.plan) << type.key << " " << t.key << " from " << from << ": "
                                    << (d.refusals.empty() ? "" : d.refusals.front().reason);
                EXPECT_EQ(d.plan->to->key, t.to);
                EXPECT_EQ(d.plan->deadline.has_value(), type.state(t.to)->deadline_working_days.has_value());
                ++checked;
            }
    EXPECT_GT(checked, 20);
}

TEST(CaseworkRules, EveryTransitionIsRefusedFromEveryOtherStateWithTheReason) {
    for (const auto& type : shipped().types)
        for (const auto& t : type.transitions)
            for (const auto& state : type.states) {
                if (std::find(t.from.begin(), t.from.end(), state.key) != t.from.end()) continue;
                CaseFacts facts{state.key, t.required_links};
                auto d = casework::decide(type, shipped().holidays, facts, complete_request(type, t), kMonday);
                EXPECT_FALSE(d.plan) << type.key << " " << t.key << " from " << state.key;
                EXPECT_TRUE(has_reason(d, "transition")) << type.key << " " << t.key << " from " << state.key;
            }
}

TEST(CaseworkRules, EveryTransitionIsRefusedToEveryOtherRole) {
    auto roles = auth::RoleTable::load(auth::default_roles_file());
    ASSERT_TRUE(roles);
    for (const auto& type : shipped().types)
        for (const auto& t : type.transitions)
            for (const auto& role : roles->roles()) {
                if (std::find(t.roles.begin(), t.roles.end(), role.name) != t.roles.end()) continue;
                auto request = complete_request(type, t);
                request.role = role.name;
                auto d =
                    casework::decide(type, shipped().holidays, {t.from.front(), t.required_links}, request, kMonday);
                EXPECT_FALSE(d.plan);
                EXPECT_TRUE(has_reason(d, "role")) << type.key << " " << t.key << " as " << role.name;
            }
}

TEST(CaseworkRules, EveryRequiredInputAndLinkIsNamedWhenMissing) {
    for (const auto& type : shipped().types)
        for (const auto& t : type.transitions) {
            for (const auto& key : t.required_inputs) {
                auto request = complete_request(type, t);
                request.inputs.erase(key);
                auto d =
                    casework::decide(type, shipped().holidays, {t.from.front(), t.required_links}, request, kMonday);
                EXPECT_FALSE(d.plan);
                EXPECT_TRUE(has_reason(d, key)) << type.key << " " << t.key << " without " << key;
            }
            for (const auto& link : t.required_links) {
                auto d = casework::decide(type, shipped().holidays, {t.from.front(), {}}, complete_request(type, t),
                                          kMonday);
                EXPECT_FALSE(d.plan);
                EXPECT_TRUE(has_reason(d, "linked")) << type.key << " " << t.key << " without " << link;
            }
        }
}

TEST(CaseworkRules, TheReportOfOvercrowdingAsTheIssueDescribesIt) {
    const auto& melding = *shipped().find("melding_overbewoning");
    const auto& h = shipped().holidays;
    // Closing needs an uitkomst, and only one of the catalogue's.
    auto d = casework::decide(melding, h, {"onderzoek", {}}, {"afsluiten", "handhaving", {}}, kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_TRUE(has_reason(d, "uitkomst"));
    d = casework::decide(melding, h, {"onderzoek", {}}, {"afsluiten", "handhaving", {{"uitkomst", "misschien"}}},
                         kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_NE(d.refusals.front().reason.find("overbewoning_eu"), std::string::npos) << d.refusals.front().reason;
    d = casework::decide(melding, h, {"onderzoek", {}}, {"afsluiten", "handhaving", {{"uitkomst", "overbewoning_eu"}}},
                         kMonday);
    ASSERT_TRUE(d.plan);
    EXPECT_TRUE(d.plan->to->final);
    // "Findings recorded" needs a home visit linked to the case.
    const json::object findings{{"toelichting", "Acht bedden in twee kamers."}};
    d = casework::decide(melding, h, {"huisbezoek_gepland", {"leegstandscontrole"}},
                         {"bevindingen_vastleggen", "handhaving", findings}, kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_TRUE(has_reason(d, "linked"));
    d = casework::decide(melding, h, {"huisbezoek_gepland", {"huisbezoek"}},
                         {"bevindingen_vastleggen", "handhaving", findings}, kMonday);
    EXPECT_TRUE(d.plan);
    // Reopening needs a reason.
    d = casework::decide(melding, h, {"afgesloten", {}}, {"heropenen", "handhaving", {}}, kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_TRUE(has_reason(d, "reden"));
    // An input the case type does not have is named, not ignored.
    d = casework::decide(melding, h, {"ontvangen", {}}, {"triage", "handhaving", {{"uitkomts", "x"}}}, kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_TRUE(has_reason(d, "uitkomts"));
    // A date input must be a date.
    d = casework::decide(melding, h, {"onderzoek", {}}, {"huisbezoek_plannen", "handhaving", {{"datum", "3 maart"}}},
                         kMonday);
    ASSERT_FALSE(d.plan);
    EXPECT_TRUE(has_reason(d, "datum"));
    // Who may: the states a role can move a case on from.
    EXPECT_EQ(casework::allowed_transitions(melding, "afgesloten", "handhaving").size(), 1u);
    EXPECT_TRUE(casework::allowed_transitions(melding, "ontvangen", "beleid").empty());
}

TEST(CaseworkRules, ADeliveredReportStartsInTheStateOfItsOutcome) {
    const auto& melding = *shipped().find("melding_overbewoning");
    EXPECT_EQ(casework::initial_state(melding, json::object{{"attributes", {{"uitkomst", "geen_overbewoning"}}}}),
              "afgesloten");
    EXPECT_EQ(casework::initial_state(melding, json::object{{"attributes", {{"uitkomst", "in_onderzoek"}}}}),
              "ontvangen");
    EXPECT_EQ(casework::initial_state(melding, json::object{}), "ontvangen");
    const auto& motie = *shipped().find("motie");
    EXPECT_EQ(casework::initial_state(motie, json::object{{"status", "afdoening_voorgesteld"}}),
              "afdoening_voorgesteld");
}

TEST(CaseworkRules, DeadlinesCountWorkingDaysAcrossWeekendsAndPublicHolidays) {
    const auto& h = shipped().holidays;
    auto after = [&](const char* start, int n) { return h.add_working_days(day(start), n)->iso(); };
    EXPECT_EQ(after("2025-03-03", 1), "2025-03-04");         // Monday + 1
    EXPECT_EQ(after("2025-03-07", 1), "2025-03-10");         // Friday + 1: Monday
    EXPECT_EQ(after("2025-03-08", 1), "2025-03-10");         // from a Saturday
    EXPECT_EQ(after("2025-03-03", 10), "2025-03-17");        // two weeks
    EXPECT_EQ(after("2024-03-28", 1), "2024-04-02");         // Goede Vrijdag and Tweede Paasdag
    EXPECT_EQ(after("2024-12-24", 1), "2024-12-27");         // both Christmas days
    EXPECT_EQ(after("2025-05-28", 1), "2025-05-30");         // Hemelvaartsdag
    EXPECT_EQ(after("2026-04-24", 1), "2026-04-28");         // Koningsdag on a Monday
    EXPECT_EQ(after("2025-04-25", 1), "2025-04-28");         // Koningsdag 2025 falls on Saturday the 26th
    EXPECT_EQ(after("2025-05-02", 2), "2025-05-07");         // Bevrijdingsdag
    EXPECT_EQ(after("2025-06-06", 1), "2025-06-10");         // Tweede Pinksterdag
    EXPECT_FALSE(h.add_working_days(day("2032-12-30"), 5));  // past the table: refused, not guessed

    // A state's deadline through the rules: triage (3 working days) entered
    // on the Thursday before Easter 2024.
    const auto& melding = *shipped().find("melding_overbewoning");
    auto d = casework::decide(melding, h, {"ontvangen", {}}, {"triage", "handhaving", {}}, day("2024-03-28"));
    ASSERT_TRUE(d.plan);
    EXPECT_EQ(d.plan->deadline->iso(), "2024-04-04");
}

TEST(CaseworkRules, ABrokenWorkflowFileNamesEveryProblemWithItsPath) {
    const std::string holidays =
        R"({"format": "grip-holidays/1", "holidays": [{"date": "2025-01-01", "name": "Nieuwjaarsdag"}]})";
    const std::string workflows = R"({"format": "grip-workflows/1", "case_types": {"x": {
        "label": "X", "subject": {"kind": "activity", "type": "geen_type"}, "read": ["nobody"], "initial": "a",
        "states": {"a": {"label": "A", "deadline_working_days": 0}},
        "transitions": [{"key": "t", "label": "T", "from": ["a", "b"], "to": "c", "roles": ["beleid"],
                         "requires": {"inputs": ["reden"]}, "effects": [{"set": "attributes.kleur", "value": "rood"}]}]}}})";
    casework::WorkflowContext context{&shipped_catalogue(), {"beleid", "handhaving"}};
    auto w = casework::parse_workflows(workflows, holidays, context);
    ASSERT_FALSE(w);
    const auto& m = w.error().message;
    for (const char* expected :
         {"case_types.x.subject.type: unknown activity type 'geen_type'", "case_types.x.read: unknown role 'nobody'",
          "case_types.x.states.a.deadline_working_days", "case_types.x.transitions[0].from: unknown state 'b'",
          "case_types.x.transitions[0].to: unknown state 'c'",
          "case_types.x.transitions[0].requires.inputs: unknown input 'reden'"})
        EXPECT_NE(m.find(expected), std::string::npos) << expected << "\n" << m;
}

}  // namespace
}  // namespace grip::testing
