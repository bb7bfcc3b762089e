#pragma once
// Reads and checks a catalogue file (JSON). Every problem is reported with
// the JSON path where it was found, so that `beheer` can fix the file.

#include <filesystem>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "common/result.h"

namespace grip::catalogue {

struct CatalogueProblem {
    std::string path;  // e.g. "indicators[3].measure"
    std::string message;
};

struct LoadedCatalogue {
    Catalogue catalogue;
    std::filesystem::path directory;  // where templates next to it are found
    std::filesystem::path file;       // the catalogue file itself
};

// Parses and checks a catalogue. On failure, the problems are in the error's
// message, one per line.
Result<LoadedCatalogue> load_catalogue(const std::filesystem::path& file);
Result<Catalogue> parse_catalogue(std::string_view json_text, std::vector<CatalogueProblem>& problems);

// The catalogue shipped with Grip: $GRIP_CATALOGUE, else the installed copy,
// else the copy in the source tree.
std::filesystem::path default_catalogue_file();

}  // namespace grip::catalogue
