#include "generator/bsn.h"

namespace grip::generator {
namespace {

constexpr uint64_t kPrefixBase = 10'000'000;
constexpr uint64_t kPrefixCount = 90'000'000;
// Coprime with 90,000,000 (= 2^7 * 3^2 * 5^7), so the map c -> a*c + b is a
// permutation of the prefixes.
constexpr uint64_t kMultiplier = 7'777'777;

}  // namespace

bool passes_eleven_test(std::string_view digits) {
    if (digits.size() != 9) return false;
    int sum = 0;
    for (size_t i = 0; i < 9; ++i) {
        const char c = digits[i];
        if (c < '0' || c > '9') return false;
        const int weight = i == 8 ? -1 : static_cast<int>(9 - i);
        sum += weight * (c - '0');
    }
    return sum % 11 == 0;
}

int bsn_check_digit(uint32_t prefix) {
    int sum = 0;
    for (int weight = 2; weight <= 9; ++weight) {
        sum += weight * static_cast<int>(prefix % 10);
        prefix /= 10;
    }
    const int digit = sum % 11;
    return digit <= 9 ? digit : -1;
}

BsnSequence::BsnSequence(uint64_t seed) : offset_(seed % kPrefixCount) {}

uint32_t BsnSequence::next() {
    for (;;) {
        const uint64_t prefix = kPrefixBase + (kMultiplier * counter_ + offset_) % kPrefixCount;
        ++counter_;
        const int check = bsn_check_digit(static_cast<uint32_t>(prefix));
        if (check >= 0) return static_cast<uint32_t>(prefix * 10 + static_cast<uint64_t>(check));
    }
}

}  // namespace grip::generator
