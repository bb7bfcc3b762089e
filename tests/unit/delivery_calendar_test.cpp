// The delivery calendar and the coverage of figures (src/quality/), on both
// store backends: records delivered at times a clock sets, judged against the
// shipped catalogue's calendar (shelters monthly, ten days after the month;
// the Labour Inspectorate's fines quarterly, thirty days after the quarter).

#include <algorithm>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "catalogue/catalogue_loader.h"
#include "common/clock.h"
#include "common/date.h"
#include "generator/city_generator.h"
#include "quality/coverage.h"
#include "quality/delivery_calendar.h"
#include "report/render.h"
#include "report/report_builder.h"
#include "test_support.h"

namespace grip::testing {
namespace {
using quality::DeliveryState;

int64_t noon(int y, unsigned m, unsigned d) { return int64_t{Date::from_ymd(y, m, d).days()} * 86'400 + 12 * 3600; }

const quality::CalendarRow* row_of(const quality::DeliveryCalendar& c, std::string_view id) {
    for (const auto& r : c.rows)
        if (r.source.id == id) return &r;
    return nullptr;
}

DeliveryState state(const quality::CalendarRow& row, std::string_view period) {
    for (const auto& c : row.cells)
        if (c.period.text() == period) return c.state;
    ADD_FAILURE() << "no cell " << period;
    return DeliveryState::NotExpected;
}

const std::string kPlaces =
    "{\"kind\": \"organisation\", \"id\": \"ORG-NLA\", \"name\": \"Arbeidsinspectie\", \"type\": \"toezichthouder\"}\n"
    "{\"kind\": \"location\", \"id\": \"LOC-OPV\", \"type\": \"opvang\", \"name\": \"Opvang Zuid\", \"capacity\": 2, "
    "\"opened\": \"2020-01-01\"}\n"
    "{\"kind\": \"location\", \"id\": \"LOC-NACHT\", \"type\": \"opvang\", \"name\": \"Nachtopvang\", \"capacity\": 5, "
    "\"opened\": \"2024-03-01\"}\n"
    "{\"kind\": \"person\", \"id\": \"P1\", \"nationality\": \"PL\"}\n"
    "{\"kind\": \"person\", \"id\": \"P2\", \"nationality\": \"RO\"}\n"
    "{\"kind\": \"activity\", \"id\": \"A1\", \"type\": \"opvang_intake\", \"date\": \"2024-01-15\", \"person\": "
    "\"P1\", "
    "\"location\": \"LOC-OPV\"}\n";

class DeliveryCalendar : public ::testing::Test {
protected:
    // Delivered in time for January (due 10 February), February's intake
    // after its due date (10 March), with a correction of January's then.
    void SetUp() override {
        ts.store().set_clock(clock);
        clock.set(noon(2024, 2, 5));
        ASSERT_TRUE(ts.import_text("places.ndjson", kPlaces).committed);
        clock.set(noon(2024, 3, 20));
        ASSERT_TRUE(ts.import_text("late.ndjson",
                                   "{\"kind\": \"activity\", \"id\": \"A2\", \"type\": \"opvang_intake\", \"date\": "
                                   "\"2024-02-10\", \"person\": \"P2\", \"location\": \"LOC-OPV\"}\n"
                                   "{\"kind\": \"activity\", \"id\": \"A1\", \"type\": \"opvang_intake\", \"date\": "
                                   "\"2024-01-16\", \"person\": \"P1\", \"location\": \"LOC-OPV\"}\n")
                        .committed);
        clock.set(noon(2024, 4, 20));
        ASSERT_TRUE(ts.import_text("fines.ndjson",
                                   "{\"kind\": \"aggregate\", \"id\": \"AGG-1\", \"type\": \"boete_nla\", \"period\": "
                                   "\"2024-Q1\", \"value\": 3, \"organisation\": \"ORG-NLA\"}\n")
                        .committed);
    }
    quality::DeliveryCalendar calendar(int64_t now) {
        auto c = quality::calendar_of(ts.store(), ts.catalogue(), 2024, utc_stamp(now));
        EXPECT_TRUE(c) << c.error().message;
        return *c;
    }
    grip::ManualClock clock;  // outlives the store
    TestStore ts;
};

TEST_F(DeliveryCalendar, EachSourceAndPeriodIsOnTimeLateMissingOrNotYetDue) {
    const auto c = calendar(noon(2024, 4, 20));
    const auto* shelter = row_of(c, "LOC-OPV");
    ASSERT_NE(shelter, nullptr);
    EXPECT_EQ(state(*shelter, "2024-01"), DeliveryState::OnTime) << "a later correction does not make it late";
    EXPECT_EQ(state(*shelter, "2024-02"), DeliveryState::Late);
    EXPECT_EQ(state(*shelter, "2024-03"), DeliveryState::Missing) << "due 10 April, nothing by 20 April";
    EXPECT_EQ(state(*shelter, "2024-04"), DeliveryState::NotYetDue);
    const auto* night = row_of(c, "LOC-NACHT");
    ASSERT_NE(night, nullptr);
    EXPECT_EQ(state(*night, "2024-02"), DeliveryState::NotExpected) << "not open yet";
    EXPECT_EQ(state(*night, "2024-03"), DeliveryState::Missing);
    const auto* nla = row_of(c, "ORG-NLA");
    ASSERT_NE(nla, nullptr);
    EXPECT_EQ(nla->cells.size(), 4u) << "quarterly";
    EXPECT_EQ(state(*nla, "2024-Q1"), DeliveryState::OnTime);
    EXPECT_EQ(state(*nla, "2024-Q2"), DeliveryState::NotYetDue);
    EXPECT_EQ(c.rows.front().source.name, "Arbeidsinspectie") << "rows by source name";

    // The same store on 5 April: March is not due yet.
    const auto earlier = calendar(noon(2024, 4, 5));
    EXPECT_EQ(state(*row_of(earlier, "LOC-OPV"), "2024-03"), DeliveryState::NotYetDue);

    const auto json = quality::calendar_json(c, utc_stamp(noon(2024, 4, 20)));
    EXPECT_EQ(json.at("summary").at("late").as_int64(), 1);
    EXPECT_EQ(json.at("summary").at("missing").as_int64(), 2);
}

TEST_F(DeliveryCalendar, AFigureKnowsWhichOfItsSourcesHaveNotDelivered) {
    const auto c = calendar(noon(2024, 4, 20));
    const auto* indicator = ts.catalogue().indicator("dakloos.opvang_opgevangen");
    ASSERT_NE(indicator, nullptr);
    auto year = quality::coverage_of(*indicator, c, Period::year_of(2024));
    ASSERT_TRUE(year);
    EXPECT_EQ(year->expected, 2);
    EXPECT_FALSE(year->complete());
    EXPECT_EQ(year->missing, (std::vector<std::string>{"Nachtopvang", "Opvang Zuid"}));
    EXPECT_EQ(year->late, (std::vector<std::string>{"Opvang Zuid"}));
    auto february = quality::coverage_of(*indicator, c, *Period::parse("2024-02"));
    ASSERT_TRUE(february);
    EXPECT_EQ(february->expected, 1) << "the night shelter opened in March";
    EXPECT_TRUE(february->complete());
    EXPECT_EQ(february->delivered, 1);
    EXPECT_EQ(february->late, (std::vector<std::string>{"Opvang Zuid"}));
    auto january = quality::coverage_of(*indicator, c, *Period::parse("2024-01"));
    ASSERT_TRUE(january);
    EXPECT_TRUE(january->complete());
    EXPECT_TRUE(january->late.empty());
    // An indicator on locations has no sources to deliver.
    EXPECT_FALSE(
        quality::coverage_of(*ts.catalogue().indicator("dakloos.opvang_capaciteit"), c, Period::year_of(2024)));
}

TEST_F(DeliveryCalendar, TheReportsAnnexNotesTheSourcesAFigureLacks) {
    report::ReportOptions options;
    options.year = 2024;
    auto model = report::build_report(ts.store(), ts.catalogue(), options);
    ASSERT_TRUE(model) << model.error().message;
    std::map<std::string, std::string> notes;
    for (const auto& i : model->at("indicators").as_array())
        if (const auto* n = i.as_object().if_contains("coverage_note"))
            notes[std::string(i.at("code").as_string())] = std::string(n->as_string());
    ASSERT_TRUE(notes.contains("dakloos.opvang_opgevangen")) << ::testing::PrintToString(notes);
    const auto& note = notes["dakloos.opvang_opgevangen"];
    EXPECT_NE(note.find("Onvolledig"), std::string::npos) << note;
    EXPECT_NE(note.find("Nachtopvang en Opvang Zuid"), std::string::npos) << note;
    EXPECT_NE(note.find("Te laat geleverd door Opvang Zuid"), std::string::npos) << note;
    EXPECT_FALSE(notes.contains("dakloos.opvang_capaciteit"));
    auto html = report::render_report(*model, report::ReportFormat::Html,
                                      catalogue::default_catalogue_file().parent_path() / "report");
    ASSERT_TRUE(html) << html.error().message;
    EXPECT_NE(html->find("Te laat geleverd door Opvang Zuid"), std::string::npos);
}

// The demo city's late partner: the city as received at the start of its
// first year is on time everywhere; the shelter's intakes for March of the
// last year, received on 1 May, are the one late delivery. The city's own
// stream is the same with or without it, and the figures it intends count it.
TEST(DeliveryCalendarDemo, TheGeneratorMakesOneLatePartner) {
    generator::CityOptions options;
    options.activities = 3000;
    options.persons = 800;
    options.addresses = 400;
    std::ostringstream plain, city, late;
    ASSERT_TRUE(generator::generate_city(options, plain, nullptr));
    generator::LateDelivery delivery;
    delivery.out = &late;
    boost::json::object expected;
    ASSERT_TRUE(generator::generate_city(options, city, &expected, {}, &delivery));
    EXPECT_EQ(city.str(), plain.str()) << "the city itself does not change";
    EXPECT_EQ(delivery.period, "2023-03");
    EXPECT_EQ(delivery.received_at, "2023-05-01");

    grip::ManualClock clock(noon(2022, 1, 1));
    TestStore ts;
    ts.store().set_clock(clock);
    ASSERT_TRUE(ts.import_text("city.ndjson", city.str()).committed);
    clock.set(noon(2023, 5, 1));
    const auto report = ts.import_text("late.ndjson", late.str());
    ASSERT_TRUE(report.committed);
    EXPECT_EQ(report.counts.stored, 3);
    auto c = quality::calendar_of(ts.store(), ts.catalogue(), 2023, utc_stamp(noon(2024, 6, 1)));
    ASSERT_TRUE(c);
    std::vector<std::string> late_cells;
    for (const auto& row : c->rows)
        for (const auto& cell : row.cells)
            if (cell.state == DeliveryState::Late) late_cells.push_back(row.source.id + "@" + cell.period.text());
    EXPECT_EQ(late_cells, std::vector<std::string>{"G-LOC-005@2023-03"});
    EXPECT_EQ(ts.value("2023", "dakloos.opvang_opgevangen"),
              expected.at("2023").at("indicators").at("dakloos.opvang_opgevangen").to_number<int64_t>());
}

TEST(DeliveryCalendarCatalogue, ProblemsAreNamedWithTheirJsonPath) {
    std::string text = read_file(catalogue::default_catalogue_file());
    const std::string anchor = "\"delivery_calendar\": [";
    const auto at = text.find(anchor);
    ASSERT_NE(at, std::string::npos) << "the shipped catalogue has a delivery calendar";
    text.insert(at + anchor.size(),
                "{\"source\": {\"location_type\": \"kasteel\"}, \"activity_types\": [\"geen_type\"], \"frequency\": "
                "\"week\", \"due_days\": -1},");
    const std::string checks = "\"checks\": [";
    text.insert(
        text.find(checks) + checks.size(),
        "{\"code\": \"x\", \"label\": \"X\", \"left\": {\"indicator\": \"geen.indicator\"}, \"op\": \"~\", "
        "\"right\": {\"count\": \"huisbezoek\", \"where\": [{\"field\": \"attributes.kleur\", \"in\": [\"rood\"]}]}},");
    std::vector<catalogue::CatalogueProblem> problems;
    EXPECT_FALSE(catalogue::parse_catalogue(text, problems));
    std::vector<std::string> paths;
    for (const auto& p : problems) paths.push_back(p.path + ": " + p.message);
    auto has = [&](std::string_view s) {
        return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p.starts_with(s); });
    };
    EXPECT_TRUE(has("delivery_calendar[0].source.location_type: unknown location type kasteel"));
    EXPECT_TRUE(has("delivery_calendar[0].activity_types[0]: unknown activity type geen_type"));
    EXPECT_TRUE(has("delivery_calendar[0].frequency: must be month or quarter"));
    EXPECT_TRUE(has("delivery_calendar[0].due_days"));
    EXPECT_TRUE(has("checks[0].left.indicator: unknown indicator geen.indicator"));
    EXPECT_TRUE(has("checks[0].op"));
    EXPECT_TRUE(has("checks[0].right.where[0].field: type huisbezoek has no attribute kleur"));
    EXPECT_EQ(paths.size(), 7u) << ::testing::PrintToString(paths);
}

TEST(DeliveryCalendarCatalogue, TheShippedCatalogueHasACalendarAndChecks) {
    const auto& cat = shipped_catalogue();
    EXPECT_FALSE(cat.delivery_calendar.empty());
    EXPECT_FALSE(cat.checks.empty());
}

}  // namespace
}  // namespace grip::testing
