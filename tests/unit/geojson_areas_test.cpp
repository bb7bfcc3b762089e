// Area boundaries from the CBS Wijk- en Buurtkaart as GeoJSON
// (ingest/geojson_areas, grip import --geojson), on both store backends: a
// small file in the kaart's shape is stored with the areas, features of
// other municipalities are skipped, and each broken shape is refused with
// the feature and what is wrong, nothing stored; the demo city's generated
// boundaries tile its buurten and load the same way.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "generator/city_boundaries.h"
#include "generator/city_layout.h"
#include "ingest/geojson_areas.h"
#include "storage/area_geometry.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;

const std::string kKaartAreas =
    "{\"kind\": \"area\", \"code\": \"GM0599\", \"name\": \"Rotterdam\", \"level\": \"gemeente\"}\n"
    "{\"kind\": \"area\", \"code\": \"WK059915\", \"name\": \"Charlois\", \"level\": \"wijk\", \"parent\": "
    "\"GM0599\"}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991571\", \"name\": \"Tarwewijk\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\", \"priority\": true}\n"
    "{\"kind\": \"area\", \"code\": \"BU05991572\", \"name\": \"Carnisse\", \"level\": \"buurt\", \"parent\": "
    "\"WK059915\", \"priority\": true}\n";

// A square ring from (x, y) with side d, closed.
json::array square(double x, double y, double d) {
    return json::array{json::array{x, y}, json::array{x + d, y}, json::array{x + d, y + d}, json::array{x, y + d},
                       json::array{x, y}};
}

json::object buurt(std::string_view code, json::value geometry) {
    return json::object{{"type", "Feature"},
                        {"properties", json::object{{"buurtcode", code},
                                                    {"buurtnaam", "Buurt"},
                                                    {"wijkcode", "WK059915"},
                                                    {"gemeentecode", "GM0599"},
                                                    {"gemeentenaam", "Rotterdam"},
                                                    {"water", "NEE"}}},
                        {"geometry", std::move(geometry)}};
}

// An array holding `inner`. Not json::array{inner}: g++ reads that as a list
// of one array, clang as a copy of it.
json::array holding(json::array inner) {
    json::array outer;
    outer.emplace_back(std::move(inner));
    return outer;
}

json::object polygon(json::array ring) {
    return json::object{{"type", "Polygon"}, {"coordinates", holding(std::move(ring))}};
}

// The kaart's shape: two buurten (a Polygon and a MultiPolygon), their wijk,
// and a buurt of another municipality (the kaart covers the country).
json::object kaart() {
    json::array features;
    features.push_back(buurt("BU05991571", polygon(square(4.47, 51.88, 0.01))));
    features.push_back(
        buurt("BU05991572", json::object{{"type", "MultiPolygon"},
                                         {"coordinates", json::array{holding(square(4.48, 51.88, 0.01)),
                                                                     holding(square(4.50, 51.88, 0.002))}}}));
    features.push_back(
        json::object{{"type", "Feature"},
                     {"properties",
                      json::object{{"wijkcode", "WK059915"}, {"wijknaam", "Charlois"}, {"gemeentecode", "GM0599"}}},
                     {"geometry", polygon(square(4.47, 51.88, 0.02))}});
    features.push_back(buurt("BU03630000", polygon(square(4.9, 52.37, 0.01))));
    return json::object{{"type", "FeatureCollection"}, {"name", "buurten"}, {"features", std::move(features)}};
}

class GeojsonImport : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(ts.import_text("areas.ndjson", kKaartAreas).committed); }
    // Imports the text; the error message or "".
    std::string import(const std::string& text) {
        write_file(ts.dir() / "kaart.geojson", text);
        auto read = ingest::import_area_geometries(ts.store(), ts.dir() / "kaart.geojson");
        return read ? std::string() : read.error().message;
    }
    std::vector<storage::AreaGeometry> stored() {
        auto rows = storage::area_geometries(ts.store());
        EXPECT_TRUE(rows);
        return rows ? *rows : std::vector<storage::AreaGeometry>{};
    }
    TestStore ts;
};

TEST_F(GeojsonImport, AFileInTheKaartsShapeIsStoredWithTheAreas) {
    ASSERT_EQ(import(json::serialize(kaart())), "");
    const auto rows = stored();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].code, "BU05991571");
    EXPECT_EQ(rows[1].code, "BU05991572");
    EXPECT_EQ(rows[2].code, "WK059915");
    const auto g = json::parse(rows[1].geometry).as_object();
    EXPECT_EQ(g.at("type").as_string(), "MultiPolygon");
    EXPECT_EQ(g.at("coordinates").as_array().size(), 2u);
    EXPECT_EQ(g.size(), 2u);  // only the type and coordinates are kept

    // A newer kaart replaces the boundaries as a whole.
    auto one = kaart();
    one["features"].as_array().erase(one["features"].as_array().begin() + 1);
    ASSERT_EQ(import(json::serialize(one)), "");
    EXPECT_EQ(stored().size(), 2u);
}

TEST_F(GeojsonImport, TheShapefilesOldNamesAreReadToo) {
    auto old = kaart();
    for (auto& f : old["features"].as_array()) {
        auto& p = f.as_object()["properties"].as_object();
        if (const auto* b = p.if_contains("buurtcode")) {
            // A copy first: inserting may rehash the object and move the value `b` points to.
            json::value code = *b;
            p["BU_CODE"] = std::move(code);
            p.erase("buurtcode");
            p.erase("wijkcode");
        }
    }
    ASSERT_EQ(import(json::serialize(old)), "");
    EXPECT_EQ(stored().size(), 3u);
}

TEST_F(GeojsonImport, EachBrokenShapeIsRefusedNamingTheFeatureAndNothingIsStored) {
    struct Case {
        std::string name;
        std::function<std::string()> text;
        std::string expected;  // a part of the message
    };
    auto with = [](const std::function<void(json::array&)>& change) {
        auto k = kaart();
        change(k["features"].as_array());
        return json::serialize(k);
    };
    auto ring_of = [](json::array& f, size_t i) -> json::array& {
        return f[i].as_object()["geometry"].as_object()["coordinates"].as_array()[0].as_array();
    };
    const std::vector<Case> cases = {
        {"not JSON", [] { return std::string("{\"type\": \"FeatureCollection\", "); }, "not a GeoJSON file"},
        {"a key twice", [] { return std::string(R"({"type": "FeatureCollection", "type": "x", "features": []})"); },
         "not a GeoJSON file"},
        {"not a FeatureCollection", [] { return std::string(R"({"type": "Feature", "features": []})"); },
         "not a GeoJSON FeatureCollection"},
        {"an array", [] { return std::string("[]"); }, "not a GeoJSON FeatureCollection"},
        {"a feature that is no feature", [&] { return with([](json::array& f) { f[1] = json::array{}; }); },
         "feature 2: not a GeoJSON Feature"},
        {"no code",
         [&] {
             return with([](json::array& f) {
                 f[0].as_object()["properties"].as_object().erase("buurtcode");
                 f[0].as_object()["properties"].as_object().erase("wijkcode");
             });
         },
         "feature 1: no area code"},
        {"no properties", [&] { return with([](json::array& f) { f[0].as_object().erase("properties"); }); },
         "feature 1: no area code"},
        {"a code of the municipality that is no area of it",
         [&] {
             return with(
                 [](json::array& f) { f[1].as_object()["properties"].as_object()["buurtcode"] = "BU05999999"; });
         },
         "feature 2 (BU05999999): not a buurt or wijk of GM0599"},
        {"the same buurt twice", [&] { return with([](json::array& f) { f.push_back(f[0]); }); },
         "feature 5 (BU05991571): the same area"},
        {"no geometry", [&] { return with([](json::array& f) { f[0].as_object().erase("geometry"); }); },
         "feature 1 (BU05991571): the feature has no geometry"},
        {"a point",
         [&] {
             return with([](json::array& f) {
                 f[0].as_object()["geometry"] =
                     json::object{{"type", "Point"}, {"coordinates", json::array{4.4, 51.9}}};
             });
         },
         "feature 1 (BU05991571): the geometry is a Point, not a Polygon or MultiPolygon"},
        {"an unclosed ring",
         [&] { return with([&](json::array& f) {
                   ring_of(f, 0).back() = json::array{4.0, 51.0};
               }); },
         "feature 1 (BU05991571): ring 1 is not closed"},
        {"a ring of three positions",
         [&] {
             return with([&](json::array& f) {
                 auto& r = ring_of(f, 0);
                 r.erase(r.begin() + 1, r.begin() + 3);
             });
         },
         "ring 1 has 3 positions"},
        {"a position of text",
         [&] { return with([&](json::array& f) {
                   ring_of(f, 0)[1] = json::array{"4.4", 51.9};
               }); },
         "a position holds something other than a number"},
        {"a broken polygon of a MultiPolygon",
         [&] {
             return with([](json::array& f) {
                 f[1].as_object()["geometry"].as_object()["coordinates"].as_array()[1] = json::array{};
             });
         },
         "feature 2 (BU05991572): polygon 2: a polygon is not a non-empty array of rings"},
        {"only other municipalities", [&] { return with([](json::array& f) { f.erase(f.begin(), f.begin() + 3); }); },
         "no buurt or wijk of GM0599 in the file"},
    };
    for (const auto& c : cases) {
        const auto message = import(c.text());
        EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
        EXPECT_NE(message.find("kaart.geojson"), std::string::npos) << c.name;
        EXPECT_TRUE(stored().empty()) << c.name;
    }
}

TEST_F(GeojsonImport, ARefusedFileKeepsTheBoundariesStoredBefore) {
    ASSERT_EQ(import(json::serialize(kaart())), "");
    EXPECT_NE(import("{}"), "");
    EXPECT_EQ(stored().size(), 3u);
}

TEST(GeojsonCommand, GripImportGeojsonLoadsTheDemoCitysBoundaries) {
    TempDir dir;
    const auto city = (dir / "city.ndjson").string();
    const auto boundaries = (dir / "kaart.geojson").string();
    auto gen = run_grip(dir.path(), "generate --activities 50 --persons 20 --addresses 20 -o " + city +
                                        " --boundaries " + boundaries);
    ASSERT_EQ(gen.code, 0) << gen.err;
    ASSERT_EQ(run_grip(dir.path(), "import " + city).code, 0);
    auto imported = run_grip(dir.path(), "import --geojson " + boundaries);
    ASSERT_EQ(imported.code, 0) << imported.err;
    EXPECT_NE(imported.err.find("boundaries of"), std::string::npos) << imported.err;
    auto broken = run_grip(dir.path(), "import --geojson " + city);
    EXPECT_NE(broken.code, 0);
    EXPECT_NE(broken.err.find("not a GeoJSON file"), std::string::npos) << broken.err;
}

TEST(CityBoundaries, TheDemoCitysBuurtenTileEachWijkWithoutGapsOrOverlap) {
    generator::CityLayout layout;
    generator::add_rotterdam_areas(layout);
    const auto k = json::parse(generator::city_boundaries_geojson(layout)).as_object();
    std::map<std::string, double> wijk_area, buurten_area;
    auto area_of = [](const json::array& ring) {
        double a = 0;  // the shoelace formula
        for (size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto& p = ring[i].as_array();
            const auto& q = ring[i + 1].as_array();
            a += p[0].as_double() * q[1].as_double() - q[0].as_double() * p[1].as_double();
        }
        return a / 2;
    };
    size_t buurten = 0;
    for (const auto& f : k.at("features").as_array()) {
        const auto& p = f.at("properties").as_object();
        const auto& ring = f.at("geometry").at("coordinates").as_array()[0].as_array();
        EXPECT_EQ(ring.front(), ring.back());
        const double a = area_of(ring);
        EXPECT_GT(a, 0);  // counter-clockwise, not empty
        const std::string wijk(p.at("wijkcode").as_string());
        if (p.contains("buurtcode")) {
            ++buurten;
            buurten_area[wijk] += a;
        } else {
            wijk_area[wijk] = a;
        }
    }
    EXPECT_EQ(buurten, layout.buurten.size());
    // Rectangles inside their wijk whose areas add up to the wijk's cover it
    // without overlap (the cells of a wijk are cut from it in strips).
    for (const auto& [wijk, a] : wijk_area)
        if (buurten_area.count(wijk)) {
            EXPECT_NEAR(buurten_area[wijk], a, 1e-9) << wijk;
        }
}

}  // namespace
}  // namespace grip::testing
