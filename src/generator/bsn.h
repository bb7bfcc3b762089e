#pragma once
// Synthetic citizen service numbers (BSN). Grip rejects a BSN that fails the
// eleven test, so every generated one passes it; and two person records with
// the same BSN are one person, so fresh BSNs must never repeat by accident.

#include <cstdint>
#include <string_view>

namespace grip::generator {

// The eleven test (elfproef) of a BSN: nine digits d1..d9 with
// 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11.
bool passes_eleven_test(std::string_view digits);

// The check digit d9 that completes an eight-digit prefix, or -1 when no
// digit can (the weighted sum leaves remainder 10).
int bsn_check_digit(uint32_t prefix);

// Hands out distinct valid BSNs. It walks an affine permutation of the
// eight-digit prefixes 10000000..99999999 and skips the prefixes that have no
// check digit, so no BSN comes out twice (up to about 80 million of them).
class BsnSequence {
public:
    explicit BsnSequence(uint64_t seed);
    uint32_t next();

private:
    uint64_t counter_ = 0;
    uint64_t offset_ = 0;
};

}  // namespace grip::generator
