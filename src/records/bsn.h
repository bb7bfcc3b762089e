#pragma once
#include <string_view>

namespace grip::records {

// The eleven test (elfproef) of a Dutch citizen service number: nine digits
// d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not all zero.
bool is_valid_bsn(std::string_view bsn);

}  // namespace grip::records
