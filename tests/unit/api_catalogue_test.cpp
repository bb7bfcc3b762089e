// The catalogue through the API (beheer): every signed-in role that reads
// the catalogue sees activity types, indicators and case types; beheer
// changes wording and deadlines in the files the server runs on, checked by
// the loaders (a bad change names its field and leaves the file as it was),
// saved with the previous version beside it, in effect from the next start.
// The shipped catalogue is never changed.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"
#include "catalogue/catalogue_files.h"
#include "catalogue/catalogue_loader.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string read(const fs::path& file) {
    auto text = catalogue::read_text_file(file);
    return text ? *text : std::string();
}

// A writable copy of the shipped catalogue folder.
fs::path copy_catalogue(const TempDir& dir) {
    const fs::path copy = dir / "catalogue";
    fs::copy(GRIP_CATALOGUE_SOURCE_DIR, copy, fs::copy_options::recursive);
    return copy / "programme.json";
}

class ApiCatalogue : public ::testing::Test {
protected:
    void TearDown() override { server.check_contract(); }

    json::object get(const std::string& user, const std::string& target) {
        const auto r = server.as(user, "GET", target);
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
        return parse_body(r).as_object();
    }

    HttpResponse patch(const std::string& target, const json::object& body, const std::string& user = "beheerder") {
        return server.as(user, "PATCH", target, json::serialize(body));
    }

    // The invalid_params of a refusal as name -> reason.
    static std::map<std::string, std::string> params(const HttpResponse& r) {
        std::map<std::string, std::string> out;
        const auto body = parse_body(r);
        if (!body.is_object() || !body.as_object().contains("invalid_params")) return out;
        for (const auto& p : body.at("invalid_params").as_array())
            out[std::string(p.at("name").as_string())] = std::string(p.at("reason").as_string());
        return out;
    }

    TempDir dir;
    fs::path programme = copy_catalogue(dir);
    fs::path workflows = programme.parent_path() / "workflows.json";
    ApiServer server{ApiServer::Options{.catalogue_file = programme}};
};

const json::object& item_with(const json::array& items, std::string_view key, std::string_view value) {
    for (const auto& i : items)
        if (i.at(key).as_string() == value) return i.as_object();
    throw std::runtime_error("no item " + std::string(value));
}

TEST_F(ApiCatalogue, EveryReadingRoleSeesTypesIndicatorsAndCaseTypes) {
    for (const std::string user : {"balie", "inspecteur", "opvang", "adviseur", "beheerder"}) {
        const auto types = get(user, "/api/v1/catalogue/activity-types");
        const auto& visit = item_with(types.at("items").as_array(), "code", "huisbezoek");
        EXPECT_EQ(visit.at("label").as_string(), "Huisbezoek");
        EXPECT_EQ(item_with(visit.at("attributes").as_array(), "name", "misstand").at("label").as_string(),
                  "Misstand geconstateerd");
        const auto& status = types.at("catalogue").as_object();
        EXPECT_FALSE(status.at("pending_restart").as_bool());
        EXPECT_TRUE(status.at("writable").as_bool());
        EXPECT_EQ(status.at("running_version"), status.at("saved_version"));

        const auto indicators = get(user, "/api/v1/catalogue/indicators");
        const auto& visitors = item_with(indicators.at("items").as_array(), "code", "info.unieke_bezoekers");
        EXPECT_EQ(visitors.at("measure").as_string(), "distinct_persons");
        EXPECT_FALSE(visitors.at("definition").as_string().empty());

        const auto cases = get(user, "/api/v1/catalogue/case-types");
        const auto& report = item_with(cases.at("items").as_array(), "key", "melding_overbewoning");
        EXPECT_EQ(item_with(report.at("states").as_array(), "key", "triage").at("deadline_working_days").as_int64(), 3);
        const auto& plan = item_with(report.at("transitions").as_array(), "key", "huisbezoek_plannen");
        EXPECT_EQ(plan.at("roles").as_array().at(0).as_string(), "handhaving");
        // Every case type, not only those the role works on.
        EXPECT_EQ(cases.at("items").as_array().size(), 4u);  // with the approval of the report
    }
    EXPECT_EQ(server.as("fg", "GET", "/api/v1/catalogue/indicators").status, 403);
    EXPECT_EQ(server.as("", "GET", "/api/v1/catalogue/indicators").status, 401);
}

// Part 2 of issue 14: a catalogue change is in the security log.
TEST_F(ApiCatalogue, AChangeIsInTheSecurityLog) {
    const auto r = patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", {{"label", "Bezoekers (uniek)"}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto log = get("beheerder", "/api/v1/security-log?event=catalogue_changed");
    ASSERT_EQ(log.at("items").as_array().size(), 1u) << log;
    const auto& event = log.at("items").at(0);
    EXPECT_EQ(event.at("actor").as_string(), "beheerder");
    EXPECT_EQ(event.at("target").as_string(), "programme.json");
    EXPECT_NE(event.at("detail").as_string().find("info.unieke_bezoekers"), std::string::npos) << event;
}

TEST_F(ApiCatalogue, AnActivityTypeChangeIsSavedWithThePreviousVersionAndWaitsForTheNextStart) {
    const std::string before = read(programme);
    const auto r = patch("/api/v1/catalogue/activity-types/huisbezoek",
                         {{"label", "Woningbezoek"},
                          {"description", "Bezoek aan een woning."},
                          {"attributes", {{"misstand", {{"label", "Misstand gezien"}}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = parse_body(r).as_object();
    EXPECT_EQ(body.at("item").at("label").as_string(), "Woningbezoek");
    EXPECT_TRUE(body.at("catalogue").at("pending_restart").as_bool());
    EXPECT_NE(body.at("catalogue").at("saved_version"), body.at("catalogue").at("running_version"));

    // The file holds the change and passes the loader; the old one is beside it.
    auto loaded = catalogue::load_catalogue(programme);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const auto* visit = loaded->catalogue.activity_type("huisbezoek");
    EXPECT_EQ(visit->label, "Woningbezoek");
    EXPECT_EQ(visit->description, "Bezoek aan een woning.");
    EXPECT_EQ(visit->attribute("misstand")->label, "Misstand gezien");
    EXPECT_EQ(visit->attribute("misstanden")->label, "Misstanden");
    EXPECT_EQ(read(fs::path(programme.string() + ".previous")), before);
    EXPECT_FALSE(fs::exists(programme.string() + ".new"));

    // The running server keeps its catalogue; the saved one shows as pending.
    const auto status = get("adviseur", "/api/v1/catalogue/status");
    EXPECT_TRUE(status.at("pending_restart").as_bool());
    const auto types = get("adviseur", "/api/v1/catalogue/activity-types");
    EXPECT_EQ(item_with(types.at("items").as_array(), "code", "huisbezoek").at("label").as_string(), "Woningbezoek");
}

TEST_F(ApiCatalogue, AnIndicatorChangeTakesEffectAtTheNextStart) {
    const std::string code = "info.unieke_bezoekers";
    const auto r = patch("/api/v1/catalogue/indicators/" + code,
                         {{"label", "Bezoekers (uniek)"}, {"definition", "Elke persoon één keer."}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto running = get("adviseur", "/api/v1/indicators?period=2023");
    EXPECT_NE(running.at("indicators").at(code).at("label").as_string(), "Bezoekers (uniek)");

    // A server started on the changed files runs the change: nothing pending.
    ApiServer restarted{ApiServer::Options{.catalogue_file = programme}};
    const auto next = parse_body(restarted.as("adviseur", "GET", "/api/v1/indicators?period=2023")).as_object();
    EXPECT_EQ(next.at("indicators").at(code).at("label").as_string(), "Bezoekers (uniek)");
    EXPECT_EQ(next.at("indicators").at(code).at("definition").as_string(), "Elke persoon één keer.");
    const auto status = parse_body(restarted.as("beheerder", "GET", "/api/v1/catalogue/status")).as_object();
    EXPECT_FALSE(status.at("pending_restart").as_bool());
    restarted.check_contract();
}

TEST_F(ApiCatalogue, AStateDeadlineChangesAndABadOneNamesItsFieldAndLeavesTheFile) {
    const std::string target = "/api/v1/catalogue/case-types/melding_overbewoning/states/triage";
    const std::string shipped = read(workflows);
    for (const json::value& bad :
         {json::value(-1), json::value(0), json::value(366), json::value("drie"), json::value(2.5)}) {
        const auto r = patch(target, {{"deadline_working_days", bad}});
        EXPECT_EQ(r.status, 422) << r.body;
        EXPECT_EQ(params(r).count("deadline_working_days"), 1u) << r.body;
        EXPECT_EQ(read(workflows), shipped);
    }
    EXPECT_FALSE(fs::exists(workflows.string() + ".previous"));
    auto r = patch(target, {{"label", ""}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(params(r).count("label"), 1u) << r.body;
    // A final state has no deadline.
    r = patch("/api/v1/catalogue/case-types/melding_overbewoning/states/afgesloten", {{"deadline_working_days", 5}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(params(r).count("deadline_working_days"), 1u) << r.body;
    EXPECT_EQ(read(workflows), shipped);

    r = patch(target, {{"label", "Eerste beoordeling"}, {"deadline_working_days", 4}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto changed = parse_body(r);
    const auto& state = item_with(changed.at("item").at("states").as_array(), "key", "triage");
    EXPECT_EQ(state.at("label").as_string(), "Eerste beoordeling");
    EXPECT_EQ(state.at("deadline_working_days").as_int64(), 4);
    EXPECT_EQ(read(workflows.string() + ".previous"), shipped);
    const auto saved = json::parse(read(workflows));
    EXPECT_EQ(saved.at("case_types")
                  .at("melding_overbewoning")
                  .at("states")
                  .at("triage")
                  .at("deadline_working_days")
                  .as_int64(),
              4);
    // Everything else as it was: the other states and the description.
    EXPECT_EQ(saved.at("case_types").at("melding_overbewoning").at("states").at("onderzoek"),
              json::parse(shipped).at("case_types").at("melding_overbewoning").at("states").at("onderzoek"));

    // null: no deadline in this state.
    r = patch(target, {{"deadline_working_days", nullptr}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto cleared = parse_body(r);
    EXPECT_TRUE(
        item_with(cleared.at("item").at("states").as_array(), "key", "triage").at("deadline_working_days").is_null());
}

TEST_F(ApiCatalogue, AnEmptyLabelOrDefinitionIsRefusedNextToItsField) {
    const std::string before = read(programme);
    auto r = patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", {{"definition", " "}, {"label", 12}});
    EXPECT_EQ(r.status, 422) << r.body;
    const auto p = params(r);
    EXPECT_EQ(p.count("definition"), 1u) << r.body;
    EXPECT_EQ(p.count("label"), 1u) << r.body;
    r = patch("/api/v1/catalogue/activity-types/huisbezoek", {{"attributes", {{"misstanden", {{"label", ""}}}}}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(params(r).count("attributes.misstanden.label"), 1u) << r.body;
    EXPECT_EQ(read(programme), before);
    EXPECT_FALSE(fs::exists(programme.string() + ".previous"));
}

TEST_F(ApiCatalogue, RequestsThatAreNotAChangeAreRefused) {
    const std::string before = read(programme);
    // Only beheer changes the catalogue.
    for (const std::string user : {"balie", "inspecteur", "opvang", "adviseur", "fg"})
        EXPECT_EQ(patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", {{"label", "x"}}, user).status, 403)
            << user;
    EXPECT_EQ(patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", {{"label", "x"}}, "").status, 401);
    // Unknown items.
    EXPECT_EQ(patch("/api/v1/catalogue/indicators/bestaat.niet", {{"label", "x"}}).status, 404);
    EXPECT_EQ(patch("/api/v1/catalogue/activity-types/bestaat_niet", {{"label", "x"}}).status, 404);
    EXPECT_EQ(patch("/api/v1/catalogue/case-types/melding_overbewoning/states/bestaat_niet", {{"label", "x"}}).status,
              404);
    EXPECT_EQ(patch("/api/v1/catalogue/case-types/bestaat_niet/states/triage", {{"label", "x"}}).status, 404);
    // Fields this route does not change, an unknown attribute, nothing at all.
    auto r = patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", {{"measure", "count"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(params(r).count("measure"), 1u) << r.body;
    r = patch("/api/v1/catalogue/activity-types/huisbezoek", {{"attributes", {{"kleur", {{"label", "x"}}}}}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(params(r).count("attributes.kleur"), 1u) << r.body;
    r = patch("/api/v1/catalogue/activity-types/huisbezoek", {{"attributes", {{"misstand", {{"type", "text"}}}}}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(patch("/api/v1/catalogue/indicators/info.unieke_bezoekers", json::object{}).status, 400);
    EXPECT_EQ(server
                  .as("beheerder", "PATCH", "/api/v1/catalogue/indicators/info.unieke_bezoekers", "label=x",
                      "text/plain")
                  .status,
              415);
    EXPECT_EQ(read(programme), before);
}

TEST(ApiCatalogueShipped, TheShippedCatalogueIsNotChanged) {
    const fs::path shipped = fs::path(GRIP_CATALOGUE_SOURCE_DIR) / "workflows.json";
    const std::string before = read(shipped);
    ApiServer server;
    const auto status = parse_body(server.as("beheerder", "GET", "/api/v1/catalogue/status")).as_object();
    EXPECT_FALSE(status.at("writable").as_bool());
    const auto r = server.as("beheerder", "PATCH", "/api/v1/catalogue/case-types/melding_overbewoning/states/triage",
                             json::serialize(json::object{{"deadline_working_days", 4}}));
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_NE(r.body.find("writable copy"), std::string::npos) << r.body;
    EXPECT_EQ(read(shipped), before);
    EXPECT_FALSE(fs::exists(shipped.string() + ".previous"));
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
