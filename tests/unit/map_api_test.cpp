// The map's API: the boundaries Grip holds as GeoJSON with an ETag
// (GET /api/v1/areas/geometry) and one indicator per buurt for a period
// (GET /api/v1/indicators/{code}/areas), the same figures as the
// indicators per area, through the disclosure rule for the public role;
// and the report's annex linking each figure to what is behind it.

#include <sstream>

#include <boost/json.hpp>

#include "api_support.h"
#include "generator/city_boundaries.h"
#include "generator/city_generator.h"
#include "generator/city_layout.h"
#include "ingest/geojson_areas.h"
#include "privacy/keyring.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

// The demo city and its generated boundaries in the API test server's store.
int load_city_with_boundaries(ApiServer& server) {
    auto options = generator::city_options_for_scale("demo");
    EXPECT_TRUE(options);
    options->activities = 3000;
    options->persons = 800;
    options->addresses = 400;
    std::ostringstream ndjson;
    EXPECT_TRUE(generator::generate_city(*options, ndjson, nullptr));
    auto keys = privacy::Keyring::open(server.key_file(), privacy::CreateIfMissing::No);
    EXPECT_TRUE(keys);
    auto store = storage::open_store(server.db(), "GM0599");
    EXPECT_TRUE(store);
    const auto dir = server.key_file().parent_path();
    write_file(dir / "city.ndjson", ndjson.str());
    ingest::Importer importer(**store, shipped_catalogue(), *keys);
    auto report = importer.import_file(dir / "city.ndjson", {});
    EXPECT_TRUE(report && report->committed);
    generator::CityLayout layout;
    generator::add_rotterdam_areas(layout);
    write_file(dir / "kaart.geojson", generator::city_boundaries_geojson(layout));
    auto loaded = ingest::import_area_geometries(**store, dir / "kaart.geojson");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    return options->first_year + options->years - 1;
}

TEST(MapApi, TheBoundariesAndAnIndicatorPerBuurtForTheMap) {
    ApiServer server;
    // Before any boundaries are loaded: an empty collection.
    const auto empty = server.as("adviseur", "GET", "/api/v1/areas/geometry");
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_TRUE(parse_body(empty).at("features").as_array().empty());

    const int year = load_city_with_boundaries(server);
    const auto geometry = server.as("adviseur", "GET", "/api/v1/areas/geometry");
    ASSERT_EQ(geometry.status, 200);
    const auto features = parse_body(geometry).at("features").as_array();
    ASSERT_GT(features.size(), 80u);
    bool priority = false;
    for (const auto& f : features) {
        EXPECT_EQ(f.at("id"), f.at("properties").at("code"));
        EXPECT_EQ(f.at("geometry").at("type"), "Polygon");
        if (f.at("properties").at("priority").as_bool()) priority = true;
    }
    EXPECT_TRUE(priority);
    // Revalidation: the same ETag answers 304 without a body; another does not.
    const auto etag = geometry.header("ETag");
    ASSERT_FALSE(etag.empty());
    const auto again =
        server.as("adviseur", "GET", "/api/v1/areas/geometry", {}, "application/json", {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(server
                  .as("adviseur", "GET", "/api/v1/areas/geometry", {}, "application/json", {{"If-None-Match", "\"x\""}})
                  .status,
              200);
    // The public role draws the map too.
    EXPECT_EQ(server.as("raad", "GET", "/api/v1/areas/geometry").status, 200);

    // One indicator per buurt: the figures of the indicators per area.
    const std::string period = std::to_string(year);
    const std::string code = "info.unieke_bezoekers";
    const auto by_area = server.as("adviseur", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period);
    ASSERT_EQ(by_area.status, 200) << by_area.body;
    const auto areas = parse_body(by_area).at("areas").as_array();
    ASSERT_GE(areas.size(), 80u);
    int checked = 0, nonzero = 0;
    for (const auto& a : areas) {
        // A sample (each is a request): every buurt with visitors, every tenth other.
        if (checked++ % 10 != 0 && a.at("value").as_int64() == 0) continue;
        const auto one =
            server.as("adviseur", "GET",
                      "/api/v1/indicators?period=" + period + "&area=" + std::string(a.at("code").as_string()));
        EXPECT_EQ(a.at("value"), parse_body(one).at("indicators").at(code).at("value")) << a.at("code");
        if (a.at("value").as_int64() > 0) ++nonzero;
    }
    EXPECT_GT(nonzero, 0);
    const auto wijken =
        server.as("adviseur", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period + "&level=wijk");
    ASSERT_EQ(wijken.status, 200);
    const auto wijk_areas = parse_body(wijken);
    for (const auto& a : wijk_areas.at("areas").as_array()) EXPECT_TRUE(a.at("code").as_string().starts_with("WK"));

    // The public role: where the disclosure rule withholds a buurt's figure,
    // no number; elsewhere the adviser's.
    const auto published = server.as("raad", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period);
    ASSERT_EQ(published.status, 200);
    int suppressed = 0;
    const auto public_areas = parse_body(published).at("areas").as_array();
    ASSERT_EQ(public_areas.size(), areas.size());
    for (size_t i = 0; i < areas.size(); ++i) {
        const auto& p = public_areas[i].as_object();
        if (p.contains("suppressed")) {
            ++suppressed;
            EXPECT_TRUE(p.at("value").is_null());
        } else {
            EXPECT_EQ(p.at("value"), areas[i].at("value"));
        }
    }
    EXPECT_GT(suppressed, 0) << "some buurt has few visitors";
    for (const auto& a : areas) EXPECT_FALSE(a.as_object().contains("suppressed"));  // the adviser sees every number

    // As a rate: the count per 1.000 inhabitants of each buurt, as the
    // indicators per area give it with the same rate; the rates offered.
    const auto per_1000 =
        server.as("adviseur", "GET",
                  "/api/v1/indicators/" + code + "/areas?period=" + period + "&rate=per_1000_inwoners");
    ASSERT_EQ(per_1000.status, 200) << per_1000.body;
    const auto rated = parse_body(per_1000).as_object();
    EXPECT_EQ(rated.at("rate").at("code"), "per_1000_inwoners");
    EXPECT_EQ(rated.at("rates").as_array().size(), shipped_catalogue().rates.size());
    int rates_checked = 0;
    for (const auto& a : rated.at("areas").as_array()) {
        if (a.at("value").as_int64() == 0 || rates_checked >= 5) continue;
        ++rates_checked;
        const auto one = server.as("adviseur", "GET",
                                   "/api/v1/indicators?period=" + period +
                                       "&area=" + std::string(a.at("code").as_string()) + "&rate=per_1000_inwoners");
        EXPECT_EQ(a.at("rate"), parse_body(one).at("indicators").at(code).at("rate")) << a.at("code");
    }
    EXPECT_GT(rates_checked, 0);
    // The public role: a withheld count has no rate either.
    const auto public_rate =
        server.as("raad", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period + "&rate=per_1000_inwoners");
    const auto public_rated = parse_body(public_rate);
    for (const auto& a : public_rated.at("areas").as_array())
        if (a.as_object().contains("suppressed")) {
            EXPECT_TRUE(a.at("rate").is_null()) << a.at("code");
        }
    EXPECT_EQ(
        server.as("adviseur", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period + "&rate=nope").status,
        400);

    // Refusals.
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators/nope/areas?period=" + period).status, 404);
    EXPECT_EQ(server.as("adviseur", "GET", "/api/v1/indicators/" + code + "/areas").status, 400);
    EXPECT_EQ(
        server.as("adviseur", "GET", "/api/v1/indicators/" + code + "/areas?period=" + period + "&level=x").status,
        400);
    EXPECT_EQ(server.as("opvang", "GET", "/api/v1/areas/geometry").status, 403);

    // The report's annex links each figure to what is behind it.
    const auto report = server.as("adviseur", "GET", "/api/v1/reports/" + period + "?format=html");
    ASSERT_EQ(report.status, 200);
    EXPECT_NE(report.body.find("/dashboard?periode=" + period + "&amp;indicator=" + code + "&amp;figuur=" + code),
              std::string::npos);
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
