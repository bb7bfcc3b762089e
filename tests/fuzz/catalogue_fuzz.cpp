// A catalogue file as `grip catalogue check` and `beheer`'s catalogue route
// read it: parsed and checked, every problem with its JSON path.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "catalogue/catalogue_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<grip::catalogue::CatalogueProblem> problems;
    (void)grip::catalogue::parse_catalogue(std::string_view(reinterpret_cast<const char*>(data), size), problems);
    return 0;
}
