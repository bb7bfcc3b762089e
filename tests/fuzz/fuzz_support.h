#pragma once
// Shared by the fuzz targets (libFuzzer): the shipped catalogue, loaded once,
// for the targets that validate records against it.

#include <filesystem>
#include <stdexcept>

#include "catalogue/catalogue_loader.h"

namespace grip::fuzz {

inline const catalogue::Catalogue& shipped_catalogue() {
    static const catalogue::Catalogue cat = [] {
        auto loaded = catalogue::load_catalogue(std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "programme.json");
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return loaded->catalogue;
    }();
    return cat;
}

}  // namespace grip::fuzz
