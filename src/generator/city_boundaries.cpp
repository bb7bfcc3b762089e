#include "generator/city_boundaries.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/json.hpp>

namespace grip::generator {
namespace json = boost::json;
namespace {

// Rotterdam's extent, roughly: the grid of wijken fills it.
constexpr double kWest = 4.38, kEast = 4.62, kSouth = 51.84, kNorth = 51.98;

// Six decimals (about 10 cm) as numbers: the same corner is the same
// number in every polygon that shares it.
double rounded(double v) { return std::round(v * 1e6) / 1e6; }

struct Box {
    double west, south, east, north;
};

json::array rectangle(const Box& b) {
    auto pos = [](double x, double y) { return json::array{rounded(x), rounded(y)}; };
    // Counter-clockwise, as RFC 7946 asks of an outer ring, and closed.
    json::array ring{pos(b.west, b.south), pos(b.east, b.south), pos(b.east, b.north), pos(b.west, b.north),
                     pos(b.west, b.south)};
    // Not json::array{std::move(ring)}: compilers differ on whether braces
    // around one array make a list of it (g++) or a move of it (clang).
    json::array polygon;
    polygon.emplace_back(std::move(ring));
    return polygon;
}

json::object feature(json::object properties, const Box& box) {
    return json::object{{"type", "Feature"},
                        {"properties", std::move(properties)},
                        {"geometry", json::object{{"type", "Polygon"}, {"coordinates", rectangle(box)}}}};
}

}  // namespace

std::string city_boundaries_geojson(const CityLayout& layout) {
    const int wijken = static_cast<int>(layout.wijken.size());
    const int columns = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(wijken)))));
    const int rows = std::max(1, (wijken + columns - 1) / columns);
    const double width = (kEast - kWest) / columns, height = (kNorth - kSouth) / rows;
    json::array features;
    std::vector<Box> wijk_boxes;
    for (int w = 0; w < wijken; ++w) {
        const int col = w % columns, row = w / columns;
        const Box box{kWest + col * width, kNorth - (row + 1) * height, kWest + (col + 1) * width,
                      kNorth - row * height};
        wijk_boxes.push_back(box);
        std::vector<int> buurten;
        for (size_t b = 0; b < layout.buurten.size(); ++b)
            if (layout.buurten[b].wijk == w) buurten.push_back(static_cast<int>(b));
        if (buurten.empty()) continue;
        // The wijk cut into strips, each strip into equal cells: as many
        // strips as a square grid would have, the buurten spread over them.
        const int n = static_cast<int>(buurten.size());
        const int strips = std::max(1, static_cast<int>(std::round(std::sqrt(static_cast<double>(n)))));
        int next = 0;
        for (int s = 0; s < strips; ++s) {
            const int in_strip = n / strips + (s < n % strips ? 1 : 0);
            const double top = box.north - (box.north - box.south) * s / strips;
            const double bottom = box.north - (box.north - box.south) * (s + 1) / strips;
            for (int c = 0; c < in_strip; ++c, ++next) {
                const auto& b = layout.buurten[static_cast<size_t>(buurten[static_cast<size_t>(next)])];
                const double left = box.west + (box.east - box.west) * c / in_strip;
                const double right = box.west + (box.east - box.west) * (c + 1) / in_strip;
                features.push_back(feature(json::object{{"buurtcode", b.code},
                                                        {"buurtnaam", b.name},
                                                        {"wijkcode", layout.wijken[static_cast<size_t>(w)].code},
                                                        {"gemeentecode", layout.gemeente_code},
                                                        {"gemeentenaam", layout.gemeente_name}},
                                           Box{left, bottom, right, top}));
            }
        }
    }
    for (int w = 0; w < wijken; ++w)
        features.push_back(feature(json::object{{"wijkcode", layout.wijken[static_cast<size_t>(w)].code},
                                                {"wijknaam", layout.wijken[static_cast<size_t>(w)].name},
                                                {"gemeentecode", layout.gemeente_code},
                                                {"gemeentenaam", layout.gemeente_name}},
                                   wijk_boxes[static_cast<size_t>(w)]));
    return json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

}  // namespace grip::generator
