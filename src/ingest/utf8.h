#pragma once
// UTF-8 checks for text that does not pass through the JSON parser (CSV
// cells), so that both formats let the same text into the store.

#include <string_view>

namespace grip::ingest {

// True when every byte is below 0x80; checks eight bytes at a time, so the
// common case costs little.
bool is_ascii(std::string_view text);

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace grip::ingest
