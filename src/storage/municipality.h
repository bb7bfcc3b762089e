#pragma once
// Municipalities: the CBS code that every municipal row carries (GM0599 for
// Rotterdam), and the scope a store connection works for.

#include <string>
#include <string_view>

#include "common/municipality_code.h"
#include "common/result.h"

namespace grip::storage {

// The scope of moving and checking a whole store: every municipality's rows.
inline constexpr std::string_view kEveryMunicipality = "*";

using grip::is_municipality_code;

// A scope a connection may take: a municipality code or kEveryMunicipality.
Status check_scope(std::string_view code);

// Writes need one municipality: Invalid for kEveryMunicipality.
Status check_writable_scope(std::string_view code);

}  // namespace grip::storage
