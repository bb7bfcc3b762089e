// Casework through the API, end to end on a real server: a report of
// overcrowding from received to the Labour Inspectorate to closed, as the
// right role and refused to the wrong ones at each step, with the indicators
// and the report following; the covenant's admission rule and escalation
// ladder; and the motions register that writes the seed letter's motion
// sections. Every exchange is checked against the OpenAPI document.

#include <fstream>
#include <regex>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

int64_t indicator(ApiServer& server, const std::string& code, const std::string& period = "2023") {
    auto set = parse_body(server.as("adviseur", "GET", "/api/v1/indicators?period=" + period));
    return set.at("indicators").at(code).at("value").as_int64();
}

// Takes a step as `user`; returns the response.
HttpResponse step(ApiServer& server, const std::string& user, int64_t id, const std::string& transition,
                  json::object inputs = {}) {
    return server.as(user, "POST", fmt::format("/api/v1/cases/{}/transitions", id),
                     json::serialize(json::object{{"transition", transition}, {"inputs", std::move(inputs)}}));
}

bool names_param(const HttpResponse& r, std::string_view name) {
    const auto body = parse_body(r);
    if (!body.is_object() || !body.as_object().contains("invalid_params")) return false;
    for (const auto& p : body.at("invalid_params").as_array())
        if (p.at("name").as_string() == name) return true;
    return false;
}

TEST(ApiCasework, AReportOfOvercrowdingFromReceivedToTheLabourInspectorateToClosed) {
    ApiServer server;
    const auto meldingen = indicator(server, "handhaving.meldingen_overbewoning");
    const auto eu = indicator(server, "handhaving.overbewoning_eu");
    const auto nla = indicator(server, "handhaving.dossiers_nla");

    // Received: an inspector registers the report with its case.
    const json::object record{
        {"id", "MEL-9"},      {"type", "melding_overbewoning"}, {"date", "2023-11-14"},
        {"address", "ADR-1"}, {"organisation", "ORG-HH"},       {"attributes", {{"bron", "buurtbewoner"}}}};
    const std::string open_body = json::serialize(json::object{{"type", "melding_overbewoning"}, {"record", record}});
    EXPECT_EQ(server.as("balie", "POST", "/api/v1/cases", open_body).status, 403);
    EXPECT_EQ(server.as("adviseur", "POST", "/api/v1/cases", open_body).status, 403);
    auto opened = server.as("inspecteur", "POST", "/api/v1/cases", open_body);
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto c = parse_body(opened);
    const int64_t id = c.at("id").as_int64();
    EXPECT_EQ(c.at("state"), "ontvangen");
    EXPECT_EQ(c.at("team"), "ORG-HH");
    EXPECT_EQ(c.at("area"), "BU05991571");
    // The test clock is Tuesday 2023-11-14: two working days.
    EXPECT_EQ(c.at("deadline"), "2023-11-16");
    EXPECT_EQ(indicator(server, "handhaving.meldingen_overbewoning"), meldingen + 1);

    // Who sees it: the team and policy (without texts); nobody else.
    EXPECT_EQ(server.as("inspecteur", "GET", fmt::format("/api/v1/cases/{}", id)).status, 200);
    EXPECT_EQ(server.as("adviseur", "GET", fmt::format("/api/v1/cases/{}", id)).status, 200);
    for (const char* other : {"balie", "balie-west", "opvang", "beheerder", "fg"})
        EXPECT_EQ(server.as(other, "GET", fmt::format("/api/v1/cases/{}", id)).status, 404) << other;

    // Each step: refused to the wrong roles, taken by the inspector.
    auto take = [&](const std::string& transition, json::object inputs = {}) {
        EXPECT_EQ(step(server, "adviseur", id, transition, inputs).status, 403) << transition;
        EXPECT_EQ(step(server, "balie", id, transition, inputs).status, 404) << transition;
        auto r = step(server, "inspecteur", id, transition, inputs);
        EXPECT_EQ(r.status, 200) << transition << ": " << r.body;
        return parse_body(r);
    };
    take("triage");
    // A step from the wrong state is refused with its reason.
    auto early = step(server, "inspecteur", id, "overdragen_nla");
    EXPECT_EQ(early.status, 409);
    EXPECT_TRUE(names_param(early, "transition")) << early.body;
    take("onderzoeken");
    auto no_date = step(server, "inspecteur", id, "huisbezoek_plannen");
    EXPECT_EQ(no_date.status, 400);
    EXPECT_TRUE(names_param(no_date, "datum")) << no_date.body;
    take("huisbezoek_plannen", {{"datum", "2023-11-20"}});
    // Findings need a home visit linked to the case.
    auto no_visit = step(server, "inspecteur", id, "bevindingen_vastleggen", {{"toelichting", "Acht bedden."}});
    EXPECT_EQ(no_visit.status, 409);
    EXPECT_TRUE(names_param(no_visit, "linked")) << no_visit.body;
    auto visit = server.as("inspecteur", "POST", "/api/v1/records/activity",
                           R"({"id": "HB-9", "type": "huisbezoek", "date": "2023-11-20", "address": "ADR-1",
                               "organisation": "ORG-HH", "parent": "MEL-9", "attributes": {"misstand": true}})");
    ASSERT_EQ(visit.status, 201) << visit.body;
    auto findings = take("bevindingen_vastleggen", {{"toelichting", "Acht bedden in twee kamers."}});
    EXPECT_EQ(findings.at("linked").as_array().at(0).at("id"), "HB-9");

    // Handed to the Labour Inspectorate: the dossier_nla activity is created and counted.
    auto handed = take("overdragen_nla");
    EXPECT_EQ(handed.at("state"), "overgedragen_nla");
    EXPECT_EQ(server.as("inspecteur", "GET", "/api/v1/records/activity/MEL-9-dossier_nla").status, 200);
    auto dossier = parse_body(server.as("inspecteur", "GET", "/api/v1/records/activity/MEL-9-dossier_nla"));
    EXPECT_EQ(dossier.at("parent"), "MEL-9");
    EXPECT_EQ(indicator(server, "handhaving.dossiers_nla"), nla + 1);

    // Closed with its outcome: the report of overcrowding counts as founded.
    auto no_outcome = step(server, "inspecteur", id, "afsluiten");
    EXPECT_EQ(no_outcome.status, 400);
    EXPECT_TRUE(names_param(no_outcome, "uitkomst"));
    auto closed = take("afsluiten", {{"uitkomst", "overbewoning_eu"}});
    EXPECT_EQ(closed.at("final"), true);
    EXPECT_TRUE(closed.at("deadline").is_null());
    EXPECT_EQ(indicator(server, "handhaving.overbewoning_eu"), eu + 1);
    EXPECT_EQ(indicator(server, "handhaving.meldingen_overbewoning"), meldingen + 1);
    auto melding = parse_body(server.as("inspecteur", "GET", "/api/v1/records/activity/MEL-9"));
    EXPECT_EQ(melding.at("attributes").at("uitkomst"), "overbewoning_eu");
    // The report counts it too.
    auto report = parse_body(server.as("adviseur", "GET", "/api/v1/reports/2023?format=json"));
    bool found = false;
    for (const auto& i : report.at("indicators").as_array())
        if (i.at("code") == "handhaving.overbewoning_eu") {
            EXPECT_EQ(i.at("value").as_int64(), eu + 1);
            found = true;
        }
    EXPECT_TRUE(found);

    // The immutable history: who did what, when, from which state to which,
    // and what changed in the record.
    auto full = parse_body(server.as("inspecteur", "GET", fmt::format("/api/v1/cases/{}", id)));
    const auto& history = full.at("history").as_array();
    std::vector<std::string> actions;
    for (const auto& e : history) {
        actions.emplace_back(e.at("action").as_string());
        EXPECT_EQ(e.at("actor"), "inspecteur");
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"open", "triage", "onderzoeken", "huisbezoek_plannen",
                                                 "bevindingen_vastleggen", "overdragen_nla", "afsluiten"}));
    EXPECT_EQ(history.back().at("data").at("changes").at("attributes.uitkomst"),
              (json::array{"in_onderzoek", "overbewoning_eu"}));
    EXPECT_EQ(history[4].at("data").at("inputs").at("toelichting"), "Acht bedden in twee kamers.");
    // Policy sees the steps, not the texts.
    auto policy = parse_body(server.as("adviseur", "GET", fmt::format("/api/v1/cases/{}", id)));
    EXPECT_FALSE(policy.at("history").as_array()[4].at("data").as_object().contains("inputs"));
    EXPECT_TRUE(policy.at("allowed_transitions").as_array().empty());
    EXPECT_EQ(full.at("allowed_transitions"), json::array{"heropenen"});

    // Reopening needs a reason and takes the outcome back.
    EXPECT_EQ(step(server, "inspecteur", id, "heropenen").status, 400);
    const auto version = full.at("version").as_int64();
    auto stale = server.as("inspecteur", "POST", fmt::format("/api/v1/cases/{}/transitions", id),
                           json::serialize(json::object{{"transition", "heropenen"},
                                                        {"inputs", json::object{{"reden", "Nieuwe melding"}}},
                                                        {"version", version - 1}}));
    EXPECT_EQ(stale.status, 409) << stale.body;
    take("heropenen", {{"reden", "Nieuwe melding van de buren"}});
    EXPECT_EQ(indicator(server, "handhaving.overbewoning_eu"), eu);

    // Every read of the case by the inspector is in the processing log.
    auto log = parse_body(server.as("fg", "GET", "/api/v1/log?limit=500"));
    int reads = 0;
    for (const auto& e : log.at("items").as_array())
        if (e.at("actor") == "inspecteur" && e.at("record") == "activity/MEL-9" && e.at("action") == "read") ++reads;
    EXPECT_GE(reads, 2);
    server.check_contract();
}

TEST(ApiCasework, QueuesAssignmentNotesAndTheDeadlineSignal) {
    ApiServer server;
    auto opened =
        server.as("inspecteur", "POST", "/api/v1/cases",
                  R"({"type": "melding_overbewoning", "record": {"id": "MEL-Q", "type": "melding_overbewoning",
                                "date": "2023-11-14", "address": "ADR-1", "organisation": "ORG-HH"}})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto id = parse_body(opened).at("id").as_int64();
    auto queue = [&](const std::string& user, const std::string& q) {
        std::vector<int64_t> ids;
        const auto page = parse_body(server.as(user, "GET", "/api/v1/cases?queue=" + q));
        for (const auto& c : page.at("items").as_array()) ids.push_back(c.at("id").as_int64());
        return ids;
    };
    EXPECT_EQ(queue("inspecteur", "team"), std::vector<int64_t>{id});
    EXPECT_TRUE(queue("inspecteur", "mine").empty());
    EXPECT_TRUE(queue("inspecteur", "overdue").empty());
    EXPECT_TRUE(queue("balie", "open").empty());
    EXPECT_EQ(queue("adviseur", "open"), std::vector<int64_t>{id});
    auto assigned = server.as("inspecteur", "PUT", fmt::format("/api/v1/cases/{}/assignment", id),
                              R"({"team": "ORG-HH", "assignee": "inspecteur"})");
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(queue("inspecteur", "mine"), std::vector<int64_t>{id});
    // An assignee must be a user who works on this case type.
    auto wrong = server.as("inspecteur", "PUT", fmt::format("/api/v1/cases/{}/assignment", id),
                           R"({"team": "ORG-HH", "assignee": "balie"})");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(names_param(wrong, "assignee"));
    EXPECT_EQ(server.as("inspecteur", "POST", fmt::format("/api/v1/cases/{}/notes", id), R"({"text": "Buren gebeld."})")
                  .status,
              200);
    EXPECT_EQ(server.as("inspecteur", "POST", fmt::format("/api/v1/cases/{}/notes", id), R"({"text": ""})").status,
              400);
    // By area: the case's buurt lies in Charlois, not in Delfshaven.
    EXPECT_EQ(parse_body(server.as("inspecteur", "GET", "/api/v1/cases?area=WK059915")).at("items").as_array().size(),
              1u);
    EXPECT_EQ(parse_body(server.as("inspecteur", "GET", "/api/v1/cases?area=WK059903")).at("items").as_array().size(),
              0u);
    // Ten days later the deadline has passed.
    server.clock().advance(10 * 86400);
    EXPECT_EQ(queue("inspecteur", "overdue"), std::vector<int64_t>{id});
    auto late = parse_body(server.as("inspecteur", "GET", fmt::format("/api/v1/cases/{}", id)));
    EXPECT_EQ(late.at("overdue"), true);
    // The server's signal: once per state, in the history.
    EXPECT_EQ(*server.api().signal_deadlines(), 1);
    EXPECT_EQ(*server.api().signal_deadlines(), 0);
    auto signalled = parse_body(server.as("inspecteur", "GET", fmt::format("/api/v1/cases/{}", id)));
    EXPECT_EQ(signalled.at("history").as_array().back().at("action"), "deadline_passed");
    // A motion open past its expected date is overdue too.
    auto motion = server.as("adviseur", "POST", "/api/v1/cases",
                            R"({"type": "motie", "record": {"id": "24bb000009", "type": "motie", "title": "Te laat",
                                "adopted": "2023-01-10", "expected": "2023-06-30"}})");
    ASSERT_EQ(motion.status, 201) << motion.body;
    const auto motion_id = parse_body(motion).at("id").as_int64();
    const auto overdue = queue("adviseur", "overdue");
    EXPECT_NE(std::find(overdue.begin(), overdue.end(), motion_id), overdue.end());
    auto reg = parse_body(server.as("adviseur", "GET", "/api/v1/motions"));
    for (const auto& m : reg.at("items").as_array())
        if (m.at("id") == "24bb000009") {
            EXPECT_EQ(m.at("overdue"), true);
        }
    server.check_contract();
}

TEST(ApiCasework, TheCovenantRefusesAPartnerWithAProvenAbuseAndClimbsTheLadder) {
    ApiServer server;
    // An abuse reported at the shelter organisation, investigated and proven.
    EXPECT_EQ(server.as("adviseur", "POST", "/api/v1/cases", R"({"type": "misstand", "subject": "ORG-KP"})").status,
              400);
    auto opened =
        server.as("adviseur", "POST", "/api/v1/cases",
                  R"({"type": "misstand", "subject": "ORG-KP", "inputs": {"omschrijving": "Loon te laat betaald"}})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto id = parse_body(opened).at("id").as_int64();
    EXPECT_EQ(server
                  .as("inspecteur", "POST", "/api/v1/cases",
                      R"({"type": "misstand", "subject": "ORG-KP", "inputs": {"omschrijving": "x"}})")
                  .status,
              403);
    const json::object dated{{"datum", "2023-02-01"}, {"toelichting", "Vastgesteld door de NLA."}};
    EXPECT_EQ(step(server, "adviseur", id, "onderzoeken").status, 200);
    // A clean organisation may join before the abuse is proven; this one too.
    EXPECT_EQ(step(server, "adviseur", id, "bewezen", dated).status, 200);
    auto refused = server.as("adviseur", "POST", "/api/v1/covenant/partners/ORG-KP/join", R"({"since": "2023-03-01"})");
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.body.find("proven abuse"), std::string::npos) << refused.body;
    EXPECT_EQ(
        server.as("beheerder", "POST", "/api/v1/covenant/partners/ORG-INFO/join", R"({"since": "2023-03-01"})").status,
        403);
    auto joined =
        server.as("adviseur", "POST", "/api/v1/covenant/partners/ORG-INFO/join", R"({"since": "2023-03-01"})");
    ASSERT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(parse_body(joined).at("covenant_since"), "2023-03-01");
    EXPECT_EQ(
        server.as("adviseur", "POST", "/api/v1/covenant/partners/ORG-INFO/join", R"({"since": "2023-04-01"})").status,
        409);
    // The ladder goes step by step: no arbitration before a dispute.
    EXPECT_EQ(step(server, "adviseur", id, "arbitrage", dated).status, 409);
    for (const char* rung : {"gesprek", "geschil", "arbitrage"})
        EXPECT_EQ(step(server, "adviseur", id, rung, dated).status, 200) << rung;
    auto ended = step(server, "adviseur", id, "opzeggen", {{"datum", "2023-09-30"}, {"toelichting", "Opgezegd."}});
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(parse_body(server.as("adviseur", "GET", "/api/v1/records/organisation/ORG-KP")).at("covenant_until"),
              "2023-09-30");
    // The partner list with its history.
    auto partners = parse_body(server.as("adviseur", "GET", "/api/v1/covenant/partners"));
    std::map<std::string, json::object> by_id;
    for (const auto& p : partners.at("items").as_array())
        by_id[std::string(p.at("organisation").as_string())] = p.as_object();
    ASSERT_TRUE(by_id.count("ORG-INFO") && by_id.count("ORG-KP"));
    EXPECT_EQ(by_id["ORG-INFO"].at("member"), true);
    const auto& steps = by_id["ORG-KP"].at("abuses").as_array().at(0).at("steps").as_array();
    std::vector<std::string> rungs;
    for (const auto& s : steps) rungs.emplace_back(s.at("to").as_string());
    EXPECT_EQ(rungs, (std::vector<std::string>{"gemeld", "in_onderzoek", "bewezen", "gesprek", "geschil", "arbitrage",
                                               "convenant_opgezegd"}));
    EXPECT_EQ(steps.back().at("inputs").at("datum"), "2023-09-30");
    EXPECT_EQ(server.as("inspecteur", "GET", "/api/v1/covenant/partners").status, 403);
    // The partner list and its history are part of the report.
    const auto md = server.as("adviseur", "GET", "/api/v1/reports/2023?format=md").body;
    const auto annex = md.substr(std::min(md.size(), md.find("## Bijlage: convenant Goed Werkgeverschap")));
    EXPECT_NE(annex.find("| Informatiepunt Arbeidsmigranten | – | 1 maart 2023 | – |"), std::string::npos) << annex;
    EXPECT_NE(annex.find("30 september 2023: Convenant opgezegd (Opgezegd.)"), std::string::npos) << annex;
    const auto html = server.as("adviseur", "GET", "/api/v1/reports/2023?format=html").body;
    EXPECT_NE(html.find("id=\"bijlage-convenant\""), std::string::npos);
    const auto open = server.as("adviseur", "GET", "/api/v1/reports/2023?format=md&edition=openbaar").body;
    EXPECT_EQ(open.find("(Opgezegd.)"), std::string::npos);  // the texts stay internal
    server.check_contract();
}

// The seed letter's text between two headings, whitespace collapsed.
std::string collapse(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const auto a = text.find(from);
    const auto b = text.find(to, a + from.size());
    if (a == std::string::npos || b == std::string::npos) return {};
    return text.substr(a, b - a);
}

TEST(ApiCasework, TheMotionsRegisterWritesTheSeedLettersMotionSections) {
    std::ifstream in(shared_dir() / "seed" / "raadsbrief-voortgang-arbeidsmigratie-2024.txt");
    ASSERT_TRUE(in) << "the seed letter";
    std::stringstream s;
    s << in.rdbuf();
    const std::string seed = s.str();
    const std::string section = between(seed, "Toezegging en moties", "Voorstel voor afdoening");
    ASSERT_FALSE(section.empty());

    // The seed's motions: number, title and handling text, from the letter.
    struct Entered {
        std::string id, type, title, text;
    };
    std::vector<Entered> motions;
    const std::regex heading(R"((\d)\. ([^(]+?)\s*\((24bb\d{6})\))");
    std::vector<std::pair<size_t, std::smatch>> headings;
    for (auto it = std::sregex_iterator(section.begin(), section.end(), heading); it != std::sregex_iterator(); ++it)
        headings.emplace_back(it->position(), *it);
    ASSERT_EQ(headings.size(), 4u);
    for (size_t i = 0; i < headings.size(); ++i) {
        const auto& m = headings[i].second;
        const size_t start = headings[i].first + m.length();
        const size_t end = i + 1 < headings.size() ? headings[i + 1].first : section.size();
        motions.push_back({m[3], "motie", collapse(m[2]), collapse(section.substr(start, end - start))});
    }
    // The commitment is handled in the section's opening words.
    const std::string opening =
        collapse(section.substr(std::string("Toezegging en moties").size(),
                                headings[0].first - std::string("Toezegging en moties").size()));
    motions.push_back({"24bb006080", "toezegging", "Voortgangsrapportage actieprogramma EU-arbeidsmigranten", opening});

    ApiServer server;
    // The older motion of the test data is disposed of first: it is not in this letter.
    auto old = server.as("adviseur", "POST", "/api/v1/cases", R"({"type": "motie", "subject": "MOT-1"})");
    ASSERT_EQ(old.status, 201) << old.body;
    const auto old_id = parse_body(old).at("id").as_int64();
    EXPECT_EQ(step(server, "adviseur", old_id, "afdoening_voorstellen",
                   {{"datum", "2024-01-10"}, {"tekst", "Uitgevoerd."}})
                  .status,
              200);
    EXPECT_EQ(step(server, "adviseur", old_id, "afdoen", {{"datum", "2024-02-01"}}).status, 200);

    for (const auto& m : motions) {
        const json::object record{
            {"id", m.id},      {"type", m.type},       {"title", m.title},        {"adopted", "2024-09-12"},
            {"party", "Raad"}, {"vote", "aangenomen"}, {"expected", "2025-06-30"}};
        auto opened = server.as("adviseur", "POST", "/api/v1/cases",
                                json::serialize(json::object{{"type", "motie"}, {"record", record}}));
        ASSERT_EQ(opened.status, 201) << opened.body;
        const auto id = parse_body(opened).at("id").as_int64();
        EXPECT_EQ(step(server, "adviseur", id, "tussenbericht", {{"datum", "2025-01-15"}, {"tekst", "In behandeling."}})
                      .status,
                  200);
        auto proposed =
            step(server, "adviseur", id, "afdoening_voorstellen", {{"datum", "2025-03-01"}, {"tekst", m.text}});
        ASSERT_EQ(proposed.status, 200) << proposed.body;
    }
    // The register: states and progress notes on the records.
    auto reg = parse_body(server.as("adviseur", "GET", "/api/v1/motions"));
    int proposed = 0;
    for (const auto& m : reg.at("items").as_array())
        if (m.at("state") == "afdoening_voorgesteld") {
            ++proposed;
            EXPECT_EQ(m.at("progress"), json::array{"2025-01-15: In behandeling."});
            EXPECT_EQ(m.at("status"), "afdoening_voorgesteld");
        }
    EXPECT_EQ(proposed, 5);

    auto md = server.as("adviseur", "GET", "/api/v1/reports/2024?format=md");
    ASSERT_EQ(md.status, 200);
    std::string rendered = between(md.body, "## Toezegging en moties", "\n## ");
    rendered = std::regex_replace(rendered, std::regex("#+ "), "");
    EXPECT_EQ(collapse(rendered), collapse(section));

    // The proposal for disposal lists the five, as the letter does.
    const std::string disposal = between(seed, "Voorstel voor afdoening", "Financiële");
    const std::string ours = between(md.body, "## Voorstel voor afdoening", "\n## ");
    std::string ours_items;
    for (auto at = ours.find("\n- "); at != std::string::npos; at = ours.find("\n- ", at + 1))
        ours_items += ours.substr(at + 3, ours.find('\n', at + 3) - at - 3) + " ";
    const auto first = disposal.find("Samenwerken");
    const auto last = disposal.find("(24bb006080).");
    ASSERT_NE(last, std::string::npos);
    EXPECT_EQ(collapse(ours_items), collapse(disposal.substr(first, last + 13 - first)));
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
