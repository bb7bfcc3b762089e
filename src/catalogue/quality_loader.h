#pragma once
// Reads and checks the catalogue's data-quality blocks (`delivery_calendar`
// and `checks`, catalogue/quality.h), each problem with its JSON path. Called
// by parse_catalogue once the types and indicators they name are read.

#include <vector>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_loader.h"

namespace grip::catalogue {

void read_quality(const boost::json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems);

}  // namespace grip::catalogue
