#pragma once
// The CBS code of a Dutch municipality: "GM" and four digits (GM0599 is
// Rotterdam). Every municipal row of the store carries one.

#include <string_view>

namespace grip {

bool is_municipality_code(std::string_view code);

}  // namespace grip
