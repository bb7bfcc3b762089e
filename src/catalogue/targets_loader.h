#pragma once
// Reads and checks the catalogue's named date ranges (`ranges`) and targets
// (`targets`), each problem with its JSON path. Called by parse_catalogue
// once the indicators the targets name are read.

#include <vector>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_loader.h"

namespace grip::catalogue {

void read_ranges_and_targets(const boost::json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems);

}  // namespace grip::catalogue
