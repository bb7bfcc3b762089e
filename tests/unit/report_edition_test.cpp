// Frozen editions of the report (src/report/edition.h) and their approval
// as a case (the case type voortgangsrapportage): the store keeps an edition
// unchanged on both backends (its triggers refuse UPDATE and DELETE), a
// frozen edition of the 2023 sample stays byte for byte the same after its
// corrections are imported while the diff names every figure they changed
// with both values, the approval stops while a text block is unwritten, and
// "vaststellen" freezes the edition with the college's date and number.

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "casework/workflow_loader.h"
#include "indicators/engine.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::string last_word(const std::string& text) {
    std::istringstream in(text);
    std::string word, last;
    while (in >> word) last = word;
    return last;
}

// Runs SQL on the store at `location` as a client outside Grip would, in the
// municipality GM0599; the error message, empty when it succeeded.
std::string run_sql(const std::string& location, const std::string& sql) {
    if (location.starts_with("postgres")) {
        PGconn* conn = PQconnectdb(location.c_str());
        std::string error;
        PGresult* r = PQexec(conn, ("SET app.municipality = 'GM0599'; " + sql).c_str());
        const auto s = PQresultStatus(r);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) error = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        PQclear(r);
        PQfinish(conn);
        return error;
    }
    sqlite3* db = nullptr;
    sqlite3_open(location.c_str(), &db);
    char* message = nullptr;
    std::string error;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message ? message : "failed";
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

storage::ReportEditionRow edition_row(int year, const std::string& content) {
    storage::ReportEditionRow row;
    row.year = year;
    row.frozen_at = "2024-03-12T10:00:00Z";
    row.decision_date = "2024-03-12";
    row.decision_number = "2024/117";
    row.content_hash = "abc";
    row.content = content;
    return row;
}

TEST(ReportApprovalWorkflow, OnlyACaseAboutAReportWaitsForTextsOrFreezesAndItChangesNoRecord) {
    const std::string holidays =
        R"({"format": "grip-holidays/1", "holidays": [{"date": "2025-01-01", "name": "Nieuwjaarsdag"}]})";
    const std::string workflows = R"({"format": "grip-workflows/1", "case_types": {
      "r": {"label": "R", "subject": {"kind": "report"}, "read": ["beleid"], "open": ["beleid"], "work": ["beleid"],
        "initial": "a", "state_field": "status", "states": {"a": {"label": "A"}, "b": {"label": "B"}},
        "transitions": [{"key": "t", "label": "T", "from": ["a"], "to": "b", "roles": ["beleid"],
                         "effects": [{"set": "status", "value": "x"}, {"freeze_edition": false}]}]},
      "m": {"label": "M", "subject": {"kind": "motion"}, "read": ["beleid"], "initial": "a", "states": {"a": {"label": "A"}},
        "transitions": [{"key": "t", "label": "T", "from": ["a"], "to": "a", "roles": ["beleid"],
                         "requires": {"texts_written": true}, "effects": [{"freeze_edition": true}]}]}}})";
    casework::WorkflowContext context{&shipped_catalogue(), {"beleid"}};
    auto w = casework::parse_workflows(workflows, holidays, context);
    ASSERT_FALSE(w);
    const auto& m = w.error().message;
    for (const char* expected :
         {"case_types.r.state_field: a case about a year's report has no record fields",
          "case_types.r.transitions[0].effects[0]: a case about a year's report changes no record",
          "case_types.r.transitions[0].effects[1]: freeze_edition is {\"freeze_edition\": true}, alone",
          "case_types.m.transitions[0].requires.texts_written: only a case about a year's report has texts to write",
          "case_types.m.transitions[0].effects[0]: only a case about a year's report freezes an edition"})
        EXPECT_NE(m.find(expected), std::string::npos) << expected << "\n" << m;
}

TEST(ReportEditionStore, KeepsEditionsAndNamesTheRecordsOfADelivery) {
    TestStore t;
    auto& store = t.store();
    auto first = store.add_report_edition(edition_row(2023, R"({"a":1})"));
    ASSERT_TRUE(first) << first.error().message;
    auto later = edition_row(2023, R"({"a":2})");
    later.corrects = *first;
    later.case_id = 7;
    later.decision_date.clear();
    auto second = store.add_report_edition(later);
    ASSERT_TRUE(second);
    ASSERT_TRUE(store.add_report_edition(edition_row(2024, "{}")));

    auto list = store.report_editions(2023);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, *first);
    EXPECT_EQ((*list)[1].corrects, *first);
    EXPECT_EQ((*list)[1].case_id, 7);
    EXPECT_EQ((*list)[1].decision_date, "");
    EXPECT_EQ((*list)[0].content, "");  // lists leave the content out
    auto one = store.report_edition(*second);
    ASSERT_TRUE(one && one->has_value());
    EXPECT_EQ((*one)->content, R"({"a":2})");
    EXPECT_EQ((*one)->decision_number, "2024/117");
    EXPECT_EQ((*one)->frozen_at, "2024-03-12T10:00:00Z");
    auto none = store.report_edition(999);
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());

    // Another municipality sees none of them.
    ASSERT_TRUE(store.set_municipality("GM0518"));
    EXPECT_TRUE(store.report_editions(2023)->empty());
    EXPECT_FALSE(store.report_edition(*first)->has_value());
    ASSERT_TRUE(store.set_municipality("GM0599"));

    // The records of a delivery: those it wrote, still current or replaced since.
    ASSERT_TRUE(t.import(test_data() / "api" / "base.ndjson").committed);
    auto deliveries = store.deliveries();
    ASSERT_TRUE(deliveries && !deliveries->empty());
    auto written = store.records_of_delivery(deliveries->back().id);
    ASSERT_TRUE(written);
    EXPECT_FALSE(written->empty());
    const std::string fix =
        R"j({"kind": "area", "code": "GM0599", "name": "Rotterdam (gewijzigd)", "level": "gemeente"})j";
    auto fixed = t.import_text("fix.ndjson", fix + "\n");
    ASSERT_TRUE(fixed.committed);
    const auto after = store.deliveries()->back().id;
    auto by_fix = store.records_of_delivery(after);
    ASSERT_TRUE(by_fix);
    ASSERT_EQ(by_fix->size(), 1u);
    EXPECT_EQ((*by_fix)[0].first, records::Kind::Area);
    EXPECT_EQ((*by_fix)[0].second, "GM0599");
    // The first delivery wrote the area too: its version is history now.
    written = store.records_of_delivery(deliveries->back().id);
    EXPECT_TRUE(std::find(written->begin(), written->end(), std::pair{records::Kind::Area, std::string("GM0599")}) !=
                written->end());
}

TEST(ReportEditionStore, AFrozenEditionIsNeverChangedOrRemoved) {
    TestStore t;
    ASSERT_TRUE(t.store().add_report_edition(edition_row(2023, R"({"a":1})")));
    const auto location = store_location(t.dir().path(), "test.db");
    EXPECT_TRUE(has(run_sql(location, "UPDATE report_edition SET content = '{}'"), "never changed"));
    EXPECT_TRUE(has(run_sql(location, "DELETE FROM report_edition"), "never removed"));
    auto list = t.store().report_editions(2023);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    auto kept = t.store().report_edition((*list)[0].id);
    ASSERT_TRUE(kept && kept->has_value());
    EXPECT_EQ((*kept)->content, R"({"a":1})");
}

// The figures of the engine for every period of 2023 and every area key,
// computed here without the edition code: (period, area, indicator) -> value.
using Grid = std::map<std::tuple<std::string, std::string, std::string>, json::value>;

Grid live_grid(const std::filesystem::path& dir) {
    auto store = storage::open_store(store_location(dir), "GM0599");
    if (!store) throw std::runtime_error(store.error().message);
    indicators::Engine engine(**store, shipped_catalogue());
    auto tree = engine.area_tree();
    if (!tree) throw std::runtime_error(tree.error().message);
    std::vector<Period> periods{Period::year_of(2023)};
    for (int q = 1; q <= 4; ++q) periods.push_back(Period::quarter_of(2023, q));
    for (int m = 1; m <= 12; ++m) periods.push_back(Period::month_of(2023, m));
    auto sets = engine.compute_many(periods, tree->all_keys());
    if (!sets) throw std::runtime_error(sets.error().message);
    Grid grid;
    for (const auto& set : *sets)
        for (const auto& f : set.figures) grid[{set.period.text(), set.area_code, f.def->code}] = f.value;
    return grid;
}

class ReportEditions : public ::testing::Test {
protected:
    GripRun grip(const std::string& args, const std::string& input = "") { return run_grip(dir_.path(), args, input); }
    std::filesystem::path data() const { return shared_dir() / "data"; }
    TempDir dir_;
};

TEST_F(ReportEditions, TheFrozenSampleStaysAsItWasAndTheDiffNamesWhatItsCorrectionsChanged) {
    if (!std::filesystem::exists(data() / "sample-2023.ndjson"))
        GTEST_SKIP() << "../shared/data is not beside the checkout";
    ASSERT_EQ(grip("import " + (data() / "sample-2023.ndjson").string()).code, 0);
    auto frozen = grip("report freeze --year 2023");
    ASSERT_EQ(frozen.code, 0) << frozen.err;
    const std::string id = last_word(frozen.out);
    ASSERT_FALSE(id.empty());

    const std::vector<std::string> files = {"--format md", "--format html", "--format json",
                                            "--format md --edition openbaar", "--format html --edition openbaar"};
    std::map<std::string, std::string> before;
    for (const auto& f : files) {
        auto out = grip(fmt::format("report --year 2023 --frozen {} {}", id, f));
        ASSERT_EQ(out.code, 0) << f << ": " << out.err;
        ASSERT_FALSE(out.out.empty());
        before[f] = out.out;
    }
    // The frozen Markdown is the report as it was written then.
    EXPECT_EQ(before["--format md"], grip("report --year 2023 --format md").out);
    const auto figures_before = live_grid(dir_.path());

    auto corrections = grip("import " + (data() / "sample-2023-correcties.ndjson").string());
    ASSERT_EQ(corrections.code, 0) << corrections.err;
    const auto figures_after = live_grid(dir_.path());

    for (const auto& f : files)
        EXPECT_EQ(grip(fmt::format("report --year 2023 --frozen {} {}", id, f)).out, before[f]) << f;
    EXPECT_NE(grip(fmt::format("report --year 2024 --frozen {} --format md", id)).code, 0);  // not 2024's

    // The changed figures, from the engine before and after.
    std::set<std::string> expected;
    for (const auto& [key, value] : figures_after) {
        const auto it = figures_before.find(key);
        const json::value old = it == figures_before.end() ? json::value(nullptr) : it->second;
        if (old == value) continue;
        const auto& [period, area, indicator] = key;
        expected.insert(
            fmt::format("{} {} {} {} {}", period, area, indicator, json::serialize(old), json::serialize(value)));
    }
    ASSERT_FALSE(expected.empty());

    auto diff = grip(fmt::format("report diff --year 2023 --frozen {} --format json", id));
    ASSERT_EQ(diff.code, 0) << diff.err;
    const auto doc = json::parse(diff.out).as_object();
    ASSERT_EQ(doc.size(), 1u);
    std::set<std::string> named;
    for (const auto& c : doc.at("changes").as_array()) {
        const auto& o = c.as_object();
        named.insert(fmt::format("{} {} {} {} {}", o.at("period").as_string().c_str(), o.at("area").as_string().c_str(),
                                 o.at("indicator").as_string().c_str(), json::serialize(o.at("frozen")),
                                 json::serialize(o.at("live"))));
        // Each names the corrections as the delivery that changed it.
        bool by_corrections = false;
        for (const auto& d : o.at("deliveries").as_array())
            by_corrections = by_corrections || has(std::string(d.at("source").as_string()), "correcties");
        EXPECT_TRUE(by_corrections) << json::serialize(o);
    }
    EXPECT_EQ(named, expected);
}

TEST_F(ReportEditions, ACorrectionIsANewEditionThatSaysWhatItCorrects) {
    ASSERT_EQ(grip("import " + (test_data() / "api" / "base.ndjson").string()).code, 0);
    auto first = grip("report freeze --year 2023 --decision-date 2024-03-12 --decision-number 2024/117");
    ASSERT_EQ(first.code, 0) << first.err;
    const auto id = last_word(first.out);
    auto second = grip("report freeze --year 2023 --corrects " + id);
    ASSERT_EQ(second.code, 0) << second.err;
    const auto correction = last_word(second.out);
    EXPECT_NE(correction, id);
    auto md = grip(fmt::format("report --year 2023 --frozen {} --format md", correction));
    ASSERT_EQ(md.code, 0) << md.err;
    EXPECT_TRUE(
        has(md.out, fmt::format("Deze brief corrigeert de voortgangsrapportage 2023 die het college op 12 maart "
                                "2024 vaststelde (editie {}, besluitnummer 2024/117)",
                                id)))
        << md.out.substr(0, 2000);
    EXPECT_FALSE(has(grip(fmt::format("report --year 2023 --frozen {} --format md", id)).out, "Deze brief corrigeert"));
    EXPECT_NE(grip("report freeze --year 2023 --corrects 999").code, 0);

    auto list = grip("report editions --year 2023 --format json");
    ASSERT_EQ(list.code, 0) << list.err;
    const auto editions = json::parse(list.out).at("editions").as_array();
    ASSERT_EQ(editions.size(), 2u);
    EXPECT_EQ(editions[0].at("decision_number").as_string(), "2024/117");
    EXPECT_EQ(json::serialize(editions[1].at("corrects")), id);
    EXPECT_EQ(editions[0].at("content_hash").as_string().size(), 64u);
    EXPECT_TRUE(has(grip("report editions --year 2023").out, "2024/117"));
}

TEST_F(ReportEditions, TheApprovalWaitsForItsTextsAndFreezesWhenTheCollegeDecides) {
    ASSERT_EQ(grip("import " + (test_data() / "api" / "base.ndjson").string()).code, 0);
    for (const char* user : {"adviseur --role beleid", "insp --role handhaving --organisation ORG-HH"})
        ASSERT_EQ(grip(fmt::format("user add {} --password-stdin", user), "een lang genoeg wachtwoord\n").code, 0);
    auto opened = grip("case open voortgangsrapportage 2023 --user adviseur");
    ASSERT_EQ(opened.code, 0) << opened.err;
    EXPECT_TRUE(has(opened.out, "concept")) << opened.out;
    EXPECT_NE(grip("case open voortgangsrapportage 2023 --user adviseur").code, 0);  // one case per year
    EXPECT_NE(grip("case open voortgangsrapportage twintig --user adviseur").code, 0);

    // The shipped catalogue's financieel block has no default: it must be written.
    auto waiting = grip("case step 1 ambtelijk_akkoord --user adviseur");
    ASSERT_NE(waiting.code, 0);
    EXPECT_TRUE(has(waiting.err,
                    "De rapportage 2023 kan nog niet verder: deze tekstblokken moeten eerst worden "
                    "geschreven: financieel"))
        << waiting.err;
    // Write every block it names (the motions' blocks too), then it passes.
    for (const auto& block : blocks_named(waiting.err)) {
        ASSERT_EQ(grip(fmt::format("report text set {} - --year 2023", block), "Geschreven tekst.\n").code, 0) << block;
    }
    EXPECT_NE(grip("case step 1 ambtelijk_akkoord --user insp").code, 0);  // not a role of the approval
    auto agreed = grip("case step 1 ambtelijk_akkoord --user adviseur");
    ASSERT_EQ(agreed.code, 0) << agreed.err;
    EXPECT_TRUE(grip("report editions --year 2023 --format json").out.find("\"editions\":[]") != std::string::npos);

    auto no_number = grip("case step 1 vaststellen --user adviseur --input datum=2024-03-12");
    EXPECT_NE(no_number.code, 0);
    EXPECT_TRUE(has(no_number.err, "besluitnummer")) << no_number.err;
    auto decided =
        grip("case step 1 vaststellen --user adviseur --input datum=2024-03-12 --input besluitnummer=2024/117");
    ASSERT_EQ(decided.code, 0) << decided.err;
    auto list = json::parse(grip("report editions --year 2023 --format json").out).at("editions").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("decision_date").as_string(), "2024-03-12");
    EXPECT_EQ(list[0].at("decision_number").as_string(), "2024/117");
    EXPECT_EQ(list[0].at("case").as_int64(), 1);
    auto sent = grip("case step 1 verzenden --user adviseur --input datum=2024-03-19");
    ASSERT_EQ(sent.code, 0) << sent.err;
    EXPECT_TRUE(has(sent.out, "verzonden")) << sent.out;
    EXPECT_EQ(json::parse(grip("report editions --year 2023 --format json").out).at("editions").as_array().size(), 1u);
}

}  // namespace
}  // namespace grip::testing
