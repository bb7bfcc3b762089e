#pragma once
// The shapes of the values the chained logs accept (processing log, security
// log): checked before a record is written, so that a log never holds a
// value it should not.

#include <string_view>

namespace grip::privacy::log_checks {

inline bool is_lower_hex(std::string_view text) {
    return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

inline bool is_printable(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

inline bool is_code(std::string_view text) {
    return !text.empty() && text.size() <= 64 &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
}

// 2026-11-29T10:31:02.123Z
inline bool is_utc_millis(std::string_view t) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (t.size() != shape.size()) return false;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != shape[i]) return false;
    }
    return true;
}

}  // namespace grip::privacy::log_checks
