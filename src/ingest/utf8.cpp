#include "ingest/utf8.h"

#include <cstdint>
#include <cstring>

namespace grip::ingest {

bool is_ascii(std::string_view text) {
    const char* p = text.data();
    size_t n = text.size();
    uint64_t high_bits = 0;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        high_bits |= word;
    }
    for (; n > 0; ++p, --n) high_bits |= static_cast<uint8_t>(*p);
    return (high_bits & 0x8080808080808080ull) == 0;
}

bool is_valid_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const uint8_t b = *p;
        if (b < 0x80) {
            ++p;
            continue;
        }
        size_t length = 0;
        // The allowed range of the second byte rules out overlong forms,
        // surrogates (U+D800..DFFF) and code points above U+10FFFF.
        uint8_t low = 0x80;
        uint8_t high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            if (b == 0xE0) low = 0xA0;
            if (b == 0xED) high = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            if (b == 0xF0) low = 0x90;
            if (b == 0xF4) high = 0x8F;
        } else {
            return false;
        }
        if (static_cast<size_t>(end - p) < length) return false;
        if (p[1] < low || p[1] > high) return false;
        for (size_t i = 2; i < length; ++i) {
            if (p[i] < 0x80 || p[i] > 0xBF) return false;
        }
        p += length;
    }
    return true;
}

}  // namespace grip::ingest
