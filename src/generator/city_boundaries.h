#pragma once
// Plausible boundaries for the synthetic city's buurten and wijken, in the
// shape of the CBS Wijk- en Buurtkaart as GeoJSON (a FeatureCollection with
// buurtcode, buurtnaam, wijkcode, gemeentecode, gemeentenaam), so that the
// demo has a map without downloads. Not Rotterdam's real outlines: the
// wijken are blocks in a grid over Rotterdam's longitudes and latitudes,
// each cut into its buurten in rows; the polygons tile without gaps or
// overlap, and a wijk is the union of its buurten.

#include <string>

#include "generator/city_layout.h"

namespace grip::generator {

// The GeoJSON text (WGS84 longitudes and latitudes): a feature per buurt,
// then one per wijk.
std::string city_boundaries_geojson(const CityLayout& layout);

}  // namespace grip::generator
