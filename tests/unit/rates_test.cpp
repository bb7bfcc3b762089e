// Rates (src/indicators/rates): a count per 1,000 inhabitants or per 100
// registered EU migrants, absent where the denominator is unknown or zero;
// the catalogue's `rates` checked with their JSON paths; the BRP's figure in
// the demo city; and the rate in the API and on the command line, never for
// a count the disclosure rule withholds from the public role.

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "catalogue/catalogue_loader.h"
#include "generator/city_generator.h"
#include "indicators/rates.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

TEST(Rates, ARateIsAbsentWhereTheDenominatorIsUnknownOrZero) {
    EXPECT_EQ(indicators::rate_of(42, 14000.0, 1000), 3.0);
    EXPECT_EQ(indicators::rate_of(0, 500.0, 100), 0.0);
    EXPECT_FALSE(indicators::rate_of(42, std::nullopt, 1000));
    EXPECT_FALSE(indicators::rate_of(42, 0.0, 1000));
    EXPECT_FALSE(indicators::rate_of(42, -3.0, 1000));
    EXPECT_TRUE(indicators::rate_json(std::nullopt).is_null());
    EXPECT_EQ(indicators::rate_json(2.0 / 3.0).as_double(), 0.67);
}

const std::string kRateAreas =
    "{\"kind\": \"area\", \"code\": \"GM0599\", \"name\": \"Rotterdam\", \"level\": \"gemeente\"}\n"
    "{\"kind\": \"area\", \"code\": \"WK059915\", \"name\": \"Charlois\", \"level\": \"wijk\", \"parent\": "
    "\"GM0599\"}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991571\", \"name\": \"Tarwewijk\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\", "
    "\"priority\": true, \"inhabitants\": 12000}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991572\", \"name\": \"Carnisse\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\", "
    "\"inhabitants\": 8000}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991573\", \"name\": \"Zuidwijk\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\"}\n"
    "{\"kind\": \"aggregate\", \"id\": \"EU-1\", \"type\": \"eu_migranten_ingeschreven\", \"period\": \"2023\", "
    "\"value\": 600, "
    "\"area\": \"BU05991571\"}\n"
    "{\"kind\": \"aggregate\", \"id\": \"EU-2\", \"type\": \"eu_migranten_ingeschreven\", \"period\": \"2023-Q4\", "
    "\"value\": 200, "
    "\"area\": \"BU05991572\"}\n"
    "{\"kind\": \"aggregate\", \"id\": \"EU-3\", \"type\": \"eu_migranten_ingeschreven\", \"period\": \"2023-Q2\", "
    "\"value\": 150, "
    "\"area\": \"BU05991572\"}\n"
    "{\"kind\": \"aggregate\", \"id\": \"EU-4\", \"type\": \"eu_migranten_ingeschreven\", \"period\": \"2023-Q1\", "
    "\"value\": 0, "
    "\"area\": \"BU05991571\"}\n";

TEST(Rates, DenominatorsPerAreaAndPeriodFromInhabitantsAndTheBrpFigure) {
    TestStore t;
    ASSERT_TRUE(t.import_text("areas.ndjson", kRateAreas).committed);
    auto d = indicators::RateDenominators::load(t.store(), t.catalogue());
    ASSERT_TRUE(d) << d.error().message;
    const auto* inhabitants = t.catalogue().rate("per_1000_inwoners");
    const auto* migrants = t.catalogue().rate("per_100_eu_migranten");
    ASSERT_TRUE(inhabitants && migrants);
    const auto& tree = d->areas();
    const int32_t tarwewijk = *tree.id_of("BU05991571"), carnisse = *tree.id_of("BU05991572"),
                  zuidwijk = *tree.id_of("BU05991573"), charlois = *tree.id_of("WK059915");
    const auto y2023 = Period::year_of(2023), q2 = Period::quarter_of(2023, 2), q1 = Period::quarter_of(2023, 1);
    // Inhabitants: the buurt's own, summed above it; unknown for a buurt without.
    EXPECT_EQ(d->denominator(*inhabitants, tarwewijk, y2023), 12000.0);
    EXPECT_EQ(d->denominator(*inhabitants, charlois, y2023), 20000.0);
    EXPECT_EQ(d->denominator(*inhabitants, indicators::kAreaAll, y2023), 20000.0);
    EXPECT_EQ(d->denominator(*inhabitants, indicators::kAreaPriority, y2023), 12000.0);
    EXPECT_FALSE(d->denominator(*inhabitants, zuidwijk, y2023));
    EXPECT_EQ(d->rate(*inhabitants, json::value(42), tarwewijk, y2023), 3.5);
    EXPECT_FALSE(d->rate(*inhabitants, json::value(42), zuidwijk, y2023));
    // The BRP's figure: the period itself, else the year holding it, else
    // the last delivered inside it; summed over the buurten above.
    EXPECT_EQ(d->denominator(*migrants, tarwewijk, y2023), 600.0);
    EXPECT_EQ(d->denominator(*migrants, tarwewijk, q2), 600.0);
    EXPECT_EQ(d->denominator(*migrants, carnisse, q2), 150.0);
    EXPECT_EQ(d->denominator(*migrants, carnisse, y2023), 200.0);
    EXPECT_EQ(d->denominator(*migrants, charlois, y2023), 800.0);
    EXPECT_FALSE(d->denominator(*migrants, zuidwijk, y2023));
    EXPECT_FALSE(d->denominator(*migrants, carnisse, Period::year_of(2022)));
    // Zero registered: no rate, never infinity.
    EXPECT_EQ(d->denominator(*migrants, tarwewijk, q1), 0.0);
    EXPECT_FALSE(d->rate(*migrants, json::value(3), tarwewijk, q1));
    EXPECT_EQ(d->rate(*migrants, json::value(3), carnisse, q2), 2.0);
}

TEST(Rates, TheCatalogueChecksItsRatesWithTheirPaths) {
    auto doc = json::parse(read_file(catalogue::default_catalogue_file())).as_object();
    auto& rates = doc["rates"].as_array();
    rates.push_back(json::object{
        {"code", "per_1000_inwoners"}, {"label", "dubbel"}, {"per", 1000}, {"denominator", "inhabitants"}});
    rates.push_back(json::object{
        {"code", "x"}, {"label", "x"}, {"per", 0}, {"denominator", "aggregate"}, {"aggregate_type", "onbekend"}});
    rates.push_back(json::object{{"code", "y"}, {"label", "y"}, {"per", 10}, {"denominator", "huishoudens"}});
    std::vector<catalogue::CatalogueProblem> problems;
    EXPECT_FALSE(catalogue::parse_catalogue(json::serialize(doc), problems));
    std::set<std::string> paths;
    std::string all;
    for (const auto& p : problems) {
        paths.insert(p.path + ": " + p.message);
        all += p.path + ": " + p.message + "\n";
    }
    const size_t n = rates.size();
    EXPECT_TRUE(paths.count(fmt::format("rates[{}].code: rate per_1000_inwoners is listed twice", n - 3))) << all;
    EXPECT_TRUE(paths.count(fmt::format("rates[{}].per: must be a whole number from 1 to 1000000", n - 2)));
    EXPECT_TRUE(paths.count(fmt::format("rates[{}].aggregate_type: unknown aggregate type onbekend", n - 2)));
    EXPECT_TRUE(
        paths.count(fmt::format("rates[{}].denominator: must be inhabitants (the area's inhabitants) or aggregate (an "
                                "aggregate type per area and period)",
                                n - 1)));
    // The shipped catalogue has both rates and the BRP's aggregate type.
    EXPECT_TRUE(shipped_catalogue().has_aggregate_type("eu_migranten_ingeschreven"));
    EXPECT_EQ(shipped_catalogue().rates.size(), 2u);
}

TEST(Rates, TheDemoCityDeliversRegisteredEuMigrantsPerBuurtAndYear) {
    generator::CityOptions o;
    o.activities = 3000;
    std::ostringstream out;
    ASSERT_TRUE(generator::generate_city(o, out, nullptr));
    std::istringstream lines(out.str());
    std::string line;
    std::map<std::string, std::map<std::string, int64_t>> per_buurt;  // buurt -> year -> value
    std::map<std::string, int64_t> inhabitants;
    std::set<std::string> priority;
    while (std::getline(lines, line)) {
        const auto r = json::parse(line).as_object();
        if (r.at("kind") == "area" && r.at("level") == "buurt") {
            inhabitants[std::string(r.at("code").as_string())] = r.at("inhabitants").as_int64();
            if (r.contains("priority") && r.at("priority").as_bool())
                priority.insert(std::string(r.at("code").as_string()));
        }
        if (r.at("kind") == "aggregate" && r.at("type") == "eu_migranten_ingeschreven")
            per_buurt[std::string(r.at("area").as_string())][std::string(r.at("period").as_string())] =
                r.at("value").as_int64();
    }
    ASSERT_EQ(per_buurt.size(), inhabitants.size());
    double priority_share = 0, other_share = 0;
    for (const auto& [code, years] : per_buurt) {
        EXPECT_EQ(years.size(), 2u) << code;
        const double share =
            static_cast<double>(years.at("2023")) / static_cast<double>(std::max<int64_t>(1, inhabitants[code]));
        EXPECT_LE(share, 0.2) << code;
        (priority.count(code) ? priority_share : other_share) += share;
    }
    ASSERT_EQ(priority.size(), 4u);
    EXPECT_GT(priority_share / 4, other_share / static_cast<double>(per_buurt.size() - 4))
        << "more in the priority buurten";
}

// A delivery through the API that must commit.
void deliver_file(ApiServer& server, const std::string& user, const std::string& text) {
    auto started = server.as(user, "POST", "/api/v1/deliveries?file=brp.ndjson", text, "application/x-ndjson");
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = server.finished_job(user, started.header("Location"));
    ASSERT_TRUE(job.at("committed").as_bool()) << json::serialize(job);
}

// The server with inhabitants (the administrator's areas) and the BRP's
// figure (a partner's aggregate) for the test data's buurten.
void deliver_context(ApiServer& server) {
    deliver_file(
        server, "beheerder",
        "{\"kind\": \"area\", \"code\": \"BU05991571\", \"name\": \"Tarwewijk\", \"level\": \"buurt\", \"parent\": "
        "\"WK059915\", "
        "\"priority\": true, \"inhabitants\": 5000}\n"
        "{\"kind\": \"area\", \"code\": \"BU05990321\", \"name\": \"Bospolder\", \"level\": \"buurt\", \"parent\": "
        "\"WK059903\", "
        "\"inhabitants\": 4000}\n");
    deliver_file(server, "opvang",
                 "{\"kind\": \"aggregate\", \"id\": \"EU-T\", \"type\": \"eu_migranten_ingeschreven\", \"period\": "
                 "\"2023\", \"value\": 250, "
                 "\"area\": \"BU05991571\", \"organisation\": \"ORG-KP\"}\n");
}

TEST(RatesApi, EachCountFigureGainsItsRateAndThePublicRoleNoneOfASuppressedCount) {
    ApiServer server;
    deliver_context(server);
    const std::string target = "/api/v1/indicators?period=2023&area=BU05991571";
    const auto plain = json::parse(server.as("adviseur", "GET", target).body).as_object();
    const auto adviser = server.as("adviseur", "GET", target + "&rate=per_1000_inwoners");
    const auto council = server.as("raad", "GET", target + "&rate=per_1000_inwoners");
    ASSERT_EQ(adviser.status, 200) << adviser.body;
    ASSERT_EQ(council.status, 200) << council.body;
    const auto all = json::parse(adviser.body).as_object();
    const auto pub = json::parse(council.body).as_object();
    EXPECT_EQ(all.at("rate").at("code"), "per_1000_inwoners");
    EXPECT_FALSE(plain.contains("rate")) << "without rate= the answer is as before";
    size_t withheld = 0, rated = 0;
    for (const auto& d : shipped_catalogue().indicators) {
        const auto& full = all.at("indicators").at(d.code).as_object();
        EXPECT_EQ(full.at("value"), plain.at("indicators").at(d.code).at("value")) << d.code;
        EXPECT_FALSE(plain.at("indicators").at(d.code).as_object().contains("rate")) << d.code;
        if (!catalogue::is_count_measure(d.measure)) {
            EXPECT_FALSE(full.contains("rate")) << d.code;
            continue;
        }
        ASSERT_TRUE(full.contains("rate")) << d.code;
        const double expected = static_cast<double>(full.at("value").to_number<int64_t>()) * 1000 / 5000;
        EXPECT_NEAR(full.at("rate").to_number<double>(), expected, 0.005) << d.code;
        ++rated;
        const auto& shown = pub.at("indicators").at(d.code).as_object();
        if (shown.contains("suppressed") && shown.at("suppressed").as_bool()) {
            EXPECT_TRUE(shown.at("rate").is_null()) << d.code << ": a suppressed count has no rate for the public role";
            if (full.at("value").to_number<int64_t>() > 0) ++withheld;
        } else {
            EXPECT_EQ(shown.at("rate"), full.at("rate")) << d.code;
        }
    }
    EXPECT_GT(rated, 0u);
    EXPECT_GT(withheld, 0u) << "the test data must hold a count the public role does not get";
    // Per 100 registered EU migrants; unknown where the BRP delivered nothing.
    const auto migrants = json::parse(server.as("adviseur", "GET", target + "&rate=per_100_eu_migranten").body);
    const auto huisbezoeken = migrants.at("indicators").at("handhaving.huisbezoeken");
    EXPECT_NEAR(huisbezoeken.at("rate").to_number<double>(),
                static_cast<double>(huisbezoeken.at("value").to_number<int64_t>()) * 100 / 250, 0.005);
    const auto west = json::parse(
        server.as("adviseur", "GET", "/api/v1/indicators?period=2023&area=BU05990321&rate=per_100_eu_migranten").body);
    EXPECT_TRUE(west.at("indicators").at("info.unieke_bezoekers").at("rate").is_null());
    const auto unknown = server.as("adviseur", "GET", target + "&rate=per_hoofd");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.body.find("rate"), std::string::npos);
    server.check_contract();
}

TEST(RatesCli, IndicatorsWithARate) {
    TempDir dir;
    write_file(dir / "areas.ndjson", kRateAreas +
                                         "{\"kind\": \"address\", \"id\": \"ADR-1\", \"postcode\": \"3081 AB\", "
                                         "\"house_number\": 1, \"area\": \"BU05991571\"}\n"
                                         "{\"kind\": \"activity\", \"id\": \"M-1\", \"type\": "
                                         "\"melding_overbewoning\", \"date\": \"2023-03-01\", \"address\": \"ADR-1\", "
                                         "\"attributes\": {\"uitkomst\": \"in_onderzoek\", \"bron\": \"anoniem\"}}\n");
    ASSERT_EQ(run_grip(dir.path(), "import " + (dir / "areas.ndjson").string()).code, 0);
    const auto json_run =
        run_grip(dir.path(), "indicators --period 2023 --area BU05991571 --rate per_1000_inwoners --format json");
    ASSERT_EQ(json_run.code, 0) << json_run.err;
    const auto set = json::parse(json_run.out);
    EXPECT_NEAR(set.at("indicators").at("handhaving.meldingen_overbewoning").at("rate").to_number<double>(),
                1000.0 / 12000, 0.005);
    const auto table = run_grip(dir.path(), "indicators --period 2023 --area BU05991571 --rate per_1000_inwoners");
    ASSERT_EQ(table.code, 0) << table.err;
    EXPECT_NE(table.out.find("Tellingen per 1.000 inwoners"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("0,08"), std::string::npos) << table.out;
    const auto bad = run_grip(dir.path(), "indicators --period 2023 --rate per_hoofd");
    EXPECT_NE(bad.code, 0);
    EXPECT_NE(bad.err.find("per_1000_inwoners"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace grip::testing
