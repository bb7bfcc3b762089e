#include "common/municipality_code.h"

namespace grip {

bool is_municipality_code(std::string_view code) {
    if (code.size() != 6 || code.substr(0, 2) != "GM") return false;
    for (char c : code.substr(2))
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace grip
