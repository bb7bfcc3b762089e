// The drill-through (indicators/drill_through, /api/v1/indicators/{code}/
// records and /provenance): the records behind a figure make the figure
// again, for every indicator and area of the demo city, on both backends;
// and through the API for every role that reads indicators, each seeing
// what its need-to-know allows (the rest counted as withheld, never listed;
// pseudonyms, never names or BSNs, for a role without personal data), the
// public role nothing behind the published figures.

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "api_support.h"
#include "generator/city_generator.h"
#include "indicators/drill_through.h"
#include "privacy/keyring.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

std::string demo_city(int* last_year) {
    const auto options = test_city_options();
    *last_year = options.first_year + options.years - 1;
    return city_ndjson(options);
}

TEST(DrillThrough, TheRecordsOfEveryFigureOfTheDemoCityMakeTheFigure) {
    int year = 0;
    const auto city = demo_city(&year);
    TestStore t;
    ASSERT_TRUE(t.import_text("demo-stad.ndjson", city).committed);
    indicators::Engine engine(t.store(), t.catalogue());
    auto tree = engine.area_tree();
    ASSERT_TRUE(tree);
    const auto keys = tree->all_keys();
    const std::vector<Period> periods = {Period::year_of(year), Period::quarter_of(year, 2), Period::month_of(year, 3),
                                         Period::year_of(year - 1)};
    auto sets = engine.compute_many(periods, keys);
    ASSERT_TRUE(sets);
    indicators::DrillThrough drill(t.store(), t.catalogue());
    int64_t nonzero = 0;
    for (const auto& def : t.catalogue().indicators) {
        for (const auto& period : periods) {
            auto counted = drill.counted(def, period);
            ASSERT_TRUE(counted) << counted.error().message;
            for (const auto& set : *sets) {
                if (set.period != period) continue;
                const auto* figure = set.find(def.code);
                ASSERT_NE(figure, nullptr);
                const auto records = indicators::DrillThrough::under(*counted, set.area_key);
                EXPECT_EQ(indicators::DrillThrough::value_of(def, records), figure->value)
                    << def.code << " " << period.text() << " " << set.area_code;
                if (figure->number() != 0) ++nonzero;
            }
        }
    }
    EXPECT_GT(nonzero, test_scaled(1000));  // the demo city has figures to check, not only zeros
}

// The demo city in the API test server's store, beside its base data.
void load_demo_city(ApiServer& server, const std::string& city) {
    auto keys = privacy::Keyring::open(server.key_file(), privacy::CreateIfMissing::No);
    ASSERT_TRUE(keys);
    auto store = storage::open_store(server.db(), "GM0599");
    ASSERT_TRUE(store);
    ingest::Importer importer(**store, shipped_catalogue(), *keys);
    const auto file = server.key_file().parent_path() / "demo-stad.ndjson";
    write_file(file, city);
    auto report = importer.import_file(file, {});
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->committed);
}

TEST(DrillThroughApi, EveryRoleThatReadsIndicatorsSeesTheFigureAndWhatItMayOfItsRecords) {
    int year = 0;
    const auto city = demo_city(&year);
    ApiServer server;
    load_demo_city(server, city);
    std::set<std::string> bsns;
    {
        std::istringstream lines(city);
        for (std::string line; std::getline(lines, line);) {
            const auto record = json::parse(line).as_object();
            if (const auto* bsn = record.if_contains("bsn"); bsn && bsn->is_string())
                bsns.insert(std::string(bsn->as_string()));
        }
    }
    ASSERT_GT(bsns.size(), 100u);
    const std::string period = std::to_string(year);
    // Every indicator in the whole city, the priority buurten and a buurt of
    // them, for each role that reads indicators and records.
    for (const std::string user : {"adviseur", "balie", "inspecteur"}) {
        for (const std::string area : {"", "priority", "BU05991571"}) {
            const std::string query = "?period=" + period + (area.empty() ? "" : "&area=" + area);
            const auto figures = server.as(user, "GET", "/api/v1/indicators" + query);
            ASSERT_EQ(figures.status, 200) << figures.body;
            const auto set = parse_body(figures);
            for (const auto& def : shipped_catalogue().indicators) {
                const auto value = set.at("indicators").at(def.code).at("value");
                const auto page =
                    server.as(user, "GET", "/api/v1/indicators/" + def.code + "/records" + query + "&limit=500");
                ASSERT_EQ(page.status, 200) << user << " " << def.code << ": " << page.body;
                const auto body = parse_body(page).as_object();
                EXPECT_EQ(body.at("value"), value) << user << " " << def.code << " " << area;
                EXPECT_EQ(body.at("total"), value) << user << " " << def.code << " " << area;
                const auto records = body.at("records").as_int64();
                EXPECT_EQ(body.at("shown").as_int64() + body.at("withheld").as_int64(), records)
                    << user << " " << def.code;
                for (const auto& item : body.at("items").as_array()) {
                    const auto& o = item.as_object();
                    EXPECT_TRUE(o.contains("_counted"));
                    if (user == "adviseur") {
                        // No personal data: never a name, BSN or street.
                        for (const char* field : {"bsn", "given_name", "family_name", "birth_date", "client_number",
                                                  "street", "postcode", "house_number"})
                            EXPECT_FALSE(o.contains(field)) << def.code << " " << field;
                    }
                }
                if (user == "adviseur") {
                    // Nor any of the city's BSNs anywhere in the answer.
                    // Every nine digits in a row, within each run of digits
                    // (a run shorter than nine holds none: most of a page).
                    const std::string_view text = page.body;
                    for (size_t start = 0; start < text.size();) {
                        if (!std::isdigit(static_cast<unsigned char>(text[start]))) {
                            ++start;
                            continue;
                        }
                        size_t end = start;
                        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
                        for (size_t i = start; i + 9 <= end; ++i)
                            if (bsns.count(std::string(text.substr(i, 9))))
                                ADD_FAILURE() << def.code << ": a BSN in the answer";
                        start = end;
                    }
                }
                if (user == "adviseur") {
                    EXPECT_EQ(body.at("withheld").as_int64(), 0) << def.code;
                }
            }
        }
        // The provenance of a figure: its sources with when they delivered.
        const auto prov =
            server.as(user, "GET", "/api/v1/indicators/info.unieke_bezoekers/provenance?period=" + period);
        ASSERT_EQ(prov.status, 200) << prov.body;
        const auto p = parse_body(prov).as_object();
        EXPECT_EQ(p.at("total"), p.at("value"));
        EXPECT_FALSE(p.at("sources").as_array().empty());
        for (const auto& s : p.at("sources").as_array()) EXPECT_TRUE(s.at("last_delivered").is_string());
        const auto& merges = p.at("merges").as_object();
        EXPECT_EQ(merges.at("persons").as_int64(), p.at("value").as_int64());
        EXPECT_EQ(merges.at("person_records").as_int64() - merges.at("persons").as_int64(),
                  merges.at("merged_records").as_int64());
        EXPECT_EQ(p.contains("deliveries"), user == "adviseur");  // beleid reads deliveries; the desks do not
    }
    // An own-scope role sees only its own records: the desk of LOC-ZUID
    // sees its location's, none of the demo city's, which are counted as
    // withheld.
    const auto desk =
        server.as("balie", "GET", "/api/v1/indicators/info.unieke_bezoekers/records?period=" + period + "&limit=500");
    const auto d = parse_body(desk).as_object();
    EXPECT_GT(d.at("withheld").as_int64(), 0);
    for (const auto& item : d.at("items").as_array()) {
        const auto& o = item.as_object();
        const bool own = (o.contains("location") && o.at("location") == "LOC-ZUID") ||
                         (o.contains("organisation") && o.at("organisation") == "ORG-INFO");
        EXPECT_TRUE(own) << json::serialize(o);
    }
    // Paging: the pages of the adviser's list hold every record once.
    int64_t listed = 0;
    std::string cursor;
    std::set<std::string> ids;
    int64_t records = 0;
    for (int pages = 0; pages < 100; ++pages) {
        const auto r = server.as("adviseur", "GET",
                                 "/api/v1/indicators/handhaving.huisbezoeken/records?period=" + period +
                                     "&area=priority&limit=20" + (cursor.empty() ? "" : "&cursor=" + cursor));
        ASSERT_EQ(r.status, 200) << r.body;
        const auto b = parse_body(r).as_object();
        records = b.at("records").as_int64();
        for (const auto& item : b.at("items").as_array()) {
            ids.insert(std::string(item.at("id").as_string()));
            ++listed;
        }
        if (b.at("next_cursor").is_null()) break;
        cursor = std::string(b.at("next_cursor").as_string());
    }
    EXPECT_GT(records, 20);
    EXPECT_EQ(listed, records);
    EXPECT_EQ(static_cast<int64_t>(ids.size()), records);
    // The public role sees the figures as published, nothing behind them.
    EXPECT_EQ(server.as("raad", "GET", "/api/v1/indicators/info.unieke_bezoekers/records?period=" + period).status,
              403);
    EXPECT_EQ(server.as("raad", "GET", "/api/v1/indicators/info.unieke_bezoekers/provenance?period=" + period).status,
              403);
    // Unknown indicator, period or area.
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators/nope/records?period=" + period).status, 404);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators/info.unieke_bezoekers/records?period=x").status, 400);
    EXPECT_EQ(server
                  .as("adviseur", "GET",
                      "/api/v1/indicators/info.unieke_bezoekers/records?period=" + period + "&area=BU00000000")
                  .status,
              400);
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
