#pragma once
// The city's addresses as a BAG-style address list (CSV), the file a
// municipality exports from the BAG and loads into Grip once
// (ingest/bag_address_list.h). The same addresses as the city's address
// records (postcode, number, suffix, buurt), with the BAG's own ids
// (nummeraanduiding: the municipality's code, "20", a serial number) and
// synthetic street names.

#include <ostream>

#include "common/result.h"
#include "generator/city_generator.h"

namespace grip::generator {

Status write_bag_addresses(const CityOptions& options, std::ostream& out);

}  // namespace grip::generator
