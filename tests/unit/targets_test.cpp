// Targets (streefwaarden): the catalogue's `ranges` and `targets` checked
// with their JSON paths, and the progress JSON of a target met, missed,
// on track and behind (pro rata of the elapsed part of the period).

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "catalogue/catalogue_loader.h"
#include "indicators/targets.h"
#include "report/render.h"
#include "report/report_builder.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
using catalogue::TargetDef;
using catalogue::TargetDirection;

std::string shipped_catalogue_text() {
    std::ifstream in(catalogue::default_catalogue_file());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> target_problems_of(const std::string& text) {
    std::vector<catalogue::CatalogueProblem> problems;
    EXPECT_FALSE(catalogue::parse_catalogue(text, problems));
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.path + ": " + p.message);
    return out;
}

TEST(Targets, TheShippedCatalogueHasRangesAndTargets) {
    const auto& cat = shipped_catalogue();
    ASSERT_NE(cat.range("programma"), nullptr);
    EXPECT_EQ(cat.range("programma")->from, "2023-07-01");
    EXPECT_EQ(cat.range("programma")->to, "2026-06-30");
    EXPECT_GE(cat.targets.size(), 3u);
}

TEST(Targets, TheLoaderRefusesBadTargetsWithTheirJsonPaths) {
    auto text = shipped_catalogue_text();
    const std::string anchor = "\"targets\": [";
    const auto at = text.find(anchor);
    ASSERT_NE(at, std::string::npos);
    text.insert(
        at + anchor.size(),
        "{\"indicator\": \"geen.indicator\", \"period\": \"2024\", \"value\": 3, \"direction\": \"at_least\"},"
        "{\"indicator\": \"handhaving.huisbezoeken\", \"range\": \"geen-bereik\", \"value\": 3, \"direction\": "
        "\"at_least\"},"
        "{\"indicator\": \"handhaving.huisbezoeken\", \"period\": \"2024-Q5\", \"value\": -1, \"direction\": \"meer\"},"
        "{\"indicator\": \"info.bezoek_onderwerpen\", \"period\": \"2024\", \"range\": \"programma\", \"value\": 1, "
        "\"direction\": \"at_most\"},");
    const std::string ranges = "\"ranges\": [";
    text.insert(text.find(ranges) + ranges.size(),
                "{\"code\": \"half\", \"label\": \"Half\", \"from\": \"2024-01-15\", \"to\": \"2024-06-29\"},");
    const auto paths = target_problems_of(text);
    auto has = [&](std::string_view s) {
        return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p == s; });
    };
    EXPECT_TRUE(has("targets[0].indicator: unknown indicator geen.indicator")) << ::testing::PrintToString(paths);
    EXPECT_TRUE(has("targets[1].range: unknown range geen-bereik"));
    EXPECT_TRUE(has("targets[2].period: must be YYYY, YYYY-Qn or YYYY-MM"));
    EXPECT_TRUE(has("targets[2].value: must be a number of at least 0"));
    EXPECT_TRUE(has("targets[2].direction: must be at_least or at_most"));
    EXPECT_TRUE(has("targets[3].indicator: info.bezoek_onderwerpen is a distribution: a target needs a single number"));
    EXPECT_TRUE(has("targets[3]: give either period (YYYY, YYYY-Qn or YYYY-MM) or range (a code of ranges)"));
    EXPECT_TRUE(has("ranges[0].from: must be the first day of a month as YYYY-MM-DD: ranges are whole months"));
    EXPECT_TRUE(has("ranges[0].to: must be the last day of a month as YYYY-MM-DD: ranges are whole months"));
    EXPECT_EQ(paths.size(), 9u) << ::testing::PrintToString(paths);
}

TargetDef sample_target(double value, TargetDirection direction = TargetDirection::AtLeast) {
    TargetDef t;
    t.indicator = "handhaving.huisbezoeken";
    t.period = "2025";
    t.value = value;
    t.direction = direction;
    return t;
}

const Date kTargetYearFirst = Date::from_ymd(2025, 1, 1);
const Date kTargetYearLast = Date::from_ymd(2025, 12, 31);

TEST(Targets, ProgressOfATargetMet) {
    const auto t = sample_target(200);
    const auto p = indicators::progress_of(t, 250, kTargetYearFirst, kTargetYearLast, Date::from_ymd(2025, 9, 30));
    const auto j = p.to_json();
    EXPECT_EQ(j.at("status"), "met");
    EXPECT_EQ(j.at("status_text"), "gehaald");
    EXPECT_DOUBLE_EQ(j.at("progress").as_double(), 1.25);
    EXPECT_EQ(j.at("value"), 200);
    EXPECT_EQ(j.at("direction"), "at_least");
    EXPECT_EQ(j.at("period"), "2025");
    EXPECT_EQ(j.at("text").as_string(), "250 van streefwaarde 200 (125%), gehaald: 75% van de periode is voorbij");
}

TEST(Targets, ProgressOfATargetNotMetWhenThePeriodIsOver) {
    const auto t = sample_target(200);
    const auto j =
        indicators::progress_of(t, 150, kTargetYearFirst, kTargetYearLast, Date::from_ymd(2026, 2, 1)).to_json();
    EXPECT_EQ(j.at("status"), "missed");
    EXPECT_EQ(j.at("status_text"), "niet gehaald");
    EXPECT_DOUBLE_EQ(j.at("progress").as_double(), 0.75);
    EXPECT_DOUBLE_EQ(j.at("elapsed").as_double(), 1.0);
    EXPECT_EQ(j.at("text").as_string(), "150 van streefwaarde 200 (75%), niet gehaald");
}

TEST(Targets, ProgressProRataOfTheElapsedPart) {
    const auto t = sample_target(365);
    // On 30 June, 181 of 365 days have passed: 181 is on track, 180 behind.
    const Date june30 = Date::from_ymd(2025, 6, 30);
    EXPECT_DOUBLE_EQ(indicators::elapsed_part(kTargetYearFirst, kTargetYearLast, june30), 181.0 / 365.0);
    auto on = indicators::progress_of(t, 181, kTargetYearFirst, kTargetYearLast, june30).to_json();
    EXPECT_EQ(on.at("status"), "on_track");
    EXPECT_EQ(on.at("status_text"), "op koers");
    EXPECT_DOUBLE_EQ(on.at("elapsed").as_double(), 0.4959);
    auto behind = indicators::progress_of(t, 180, kTargetYearFirst, kTargetYearLast, june30).to_json();
    EXPECT_EQ(behind.at("status"), "behind");
    EXPECT_EQ(behind.at("status_text"), "achter");
    EXPECT_EQ(behind.at("text").as_string(), "180 van streefwaarde 365 (49%), achter: 50% van de periode is voorbij");
    // Before the period starts nothing is due yet.
    EXPECT_EQ(indicators::progress_of(t, 0, kTargetYearFirst, kTargetYearLast, Date::from_ymd(2024, 12, 1)).status,
              indicators::TargetStatus::OnTrack);
}

TEST(Targets, AtMostIsMissedOnceOverAndMetWhenThePeriodEndsUnder) {
    const auto t = sample_target(20, TargetDirection::AtMost);
    const Date mid = Date::from_ymd(2025, 7, 2);  // half the year
    EXPECT_EQ(indicators::progress_of(t, 21, kTargetYearFirst, kTargetYearLast, mid).status,
              indicators::TargetStatus::Missed);
    EXPECT_EQ(indicators::progress_of(t, 8, kTargetYearFirst, kTargetYearLast, mid).status,
              indicators::TargetStatus::OnTrack);
    EXPECT_EQ(indicators::progress_of(t, 15, kTargetYearFirst, kTargetYearLast, mid).status,
              indicators::TargetStatus::Behind);
    EXPECT_EQ(indicators::progress_of(t, 19, kTargetYearFirst, kTargetYearLast, Date::from_ymd(2026, 1, 1)).status,
              indicators::TargetStatus::Met);
    EXPECT_EQ(indicators::progress_of(t, 19, kTargetYearFirst, kTargetYearLast, mid).to_json().at("direction"),
              "at_most");
}

TEST(Targets, AFigureGetsTheTargetOfItsPeriodAndAreaOnly) {
    TestStore t;
    ASSERT_TRUE(
        t.import_text("a.ndjson",
                      "{\"kind\":\"activity\",\"id\":\"HB-1\",\"type\":\"huisbezoek\",\"date\":\"2025-03-04\"}\n")
            .committed);
    auto year = t.indicators("2025");
    json::object out = year.to_json();
    indicators::add_targets(out, t.catalogue(), year, t.store().municipality(), Date::from_ymd(2025, 7, 1));
    const auto& inds = out.at("indicators").as_object();
    ASSERT_TRUE(inds.at("handhaving.huisbezoeken").as_object().contains("target"));
    const auto& target = inds.at("handhaving.huisbezoeken").at("target").as_object();
    EXPECT_EQ(target.at("value"), 250);
    EXPECT_EQ(target.at("status"), "behind");
    EXPECT_FALSE(inds.at("info.bijeenkomsten").as_object().contains("target"));
    // A quarter has no target of its own, nor has a buurt.
    auto quarter = t.indicators("2025-Q1");
    json::object q = quarter.to_json();
    indicators::add_targets(q, t.catalogue(), quarter, t.store().municipality(), Date::from_ymd(2025, 7, 1));
    EXPECT_FALSE(q.at("indicators").at("handhaving.huisbezoeken").as_object().contains("target"));
}

TEST(Targets, TheReportsAnnexHasAColumnStreefwaarde) {
    TestStore t;
    ASSERT_TRUE(
        t.import_text("a.ndjson",
                      "{\"kind\":\"activity\",\"id\":\"HB-1\",\"type\":\"huisbezoek\",\"date\":\"2024-03-04\"}\n")
            .committed);
    report::ReportOptions options;
    options.year = 2024;  // the shipped catalogue: at least 250 home visits in 2024, a year that is over
    auto model = report::build_report(t.store(), t.catalogue(), options);
    ASSERT_TRUE(model) << model.error().message;
    std::map<std::string, std::string> targets;
    for (const auto& i : model->at("indicators").as_array())
        if (const auto* n = i.as_object().if_contains("target_text"))
            targets[std::string(i.at("code").as_string())] = std::string(n->as_string());
    EXPECT_EQ(targets["handhaving.huisbezoeken"], "ten minste 250: niet gehaald (0%)");
    EXPECT_FALSE(targets.contains("info.bijeenkomsten"));
    const auto dir = catalogue::default_catalogue_file().parent_path() / "report";
    auto md = report::render_report(*model, report::ReportFormat::Markdown, dir);
    ASSERT_TRUE(md) << md.error().message;
    EXPECT_NE(md->find("| Indicator | 2024 | 2023 | Streefwaarde | Hoe is dit geteld? |\n|---|--:|--:|---|---|\n"),
              std::string::npos)
        << *md;
    EXPECT_NE(md->find("| Huisbezoeken | 1 | geen gegevens | ten minste 250: niet gehaald (0%) |"), std::string::npos)
        << *md;
    auto html = report::render_report(*model, report::ReportFormat::Html, dir);
    ASSERT_TRUE(html) << html.error().message;
    EXPECT_NE(html->find("<th scope=\"col\">Streefwaarde</th>"), std::string::npos);
    // A year without targets has no such column.
    options.year = 2023;
    auto before = report::build_report(t.store(), t.catalogue(), options);
    ASSERT_TRUE(before);
    auto md2023 = report::render_report(*before, report::ReportFormat::Markdown, dir);
    ASSERT_TRUE(md2023);
    EXPECT_EQ(md2023->find("Streefwaarde"), std::string::npos);
}

}  // namespace
}  // namespace grip::testing
