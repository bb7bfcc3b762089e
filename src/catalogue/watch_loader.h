#pragma once
// Reads and checks the catalogue's `rates` and `signals` (catalogue/watch.h),
// each problem with its JSON path. Called by parse_catalogue once the
// aggregate types and indicators they name are read.

#include <vector>

#include <boost/json/object.hpp>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_loader.h"

namespace grip::catalogue {

void read_watch(const boost::json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems);

}  // namespace grip::catalogue
