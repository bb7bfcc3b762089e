#include "privacy/trace_context.h"

#include <array>

#include <fmt/format.h>
#include <sodium.h>

namespace grip::privacy {
namespace {

constexpr size_t kTraceIdDigits = 32;
constexpr size_t kSpanIdDigits = 16;
// "00-" + 32 + "-" + 16 + "-" + 2
constexpr size_t kVersion00Length = 55;

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool is_lower_hex(std::string_view text) {
    for (const char c : text)
        if (!is_lower_hex(c)) return false;
    return true;
}

bool is_hex_id(std::string_view text, size_t digits) {
    return text.size() == digits && is_lower_hex(text) && text.find_first_not_of('0') != std::string_view::npos;
}

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

template <size_t Bytes>
std::string random_hex_id() {
    std::array<unsigned char, Bytes> bytes{};
    std::array<char, Bytes * 2 + 1> hex{};
    do {
        randombytes_buf(bytes.data(), bytes.size());
        sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    } while (!is_hex_id(std::string_view(hex.data(), Bytes * 2), Bytes * 2));  // all zero: 2^-64 at most, but invalid
    return std::string(hex.data(), Bytes * 2);
}

}  // namespace

bool is_trace_id(std::string_view text) { return is_hex_id(text, kTraceIdDigits); }
bool is_span_id(std::string_view text) { return is_hex_id(text, kSpanIdDigits); }

Result<TraceContext> parse_traceparent(std::string_view header) {
    if (header.size() < kVersion00Length)
        return Error::invalid("traceparent is too short: expected 00-<32 hex>-<16 hex>-<2 hex>");
    const std::string_view version = header.substr(0, 2);
    if (!is_lower_hex(version)) return Error::invalid("traceparent version is not two lowercase hex digits");
    if (version == "ff") return Error::invalid("traceparent version ff is not allowed");
    if (version == "00" && header.size() != kVersion00Length)
        return Error::invalid("traceparent of version 00 has the wrong length");
    // A later version may add fields, but only after a dash.
    if (header.size() > kVersion00Length && header[kVersion00Length] != '-')
        return Error::invalid("traceparent has unexpected characters after the flags");
    if (header[2] != '-' || header[35] != '-' || header[52] != '-')
        return Error::invalid("traceparent fields are not separated by dashes");
    TraceContext ctx;
    ctx.trace_id = std::string(header.substr(3, kTraceIdDigits));
    ctx.parent_span_id = std::string(header.substr(36, kSpanIdDigits));
    const std::string_view flags = header.substr(53, 2);
    if (!is_lower_hex(ctx.trace_id) || !is_lower_hex(ctx.parent_span_id) || !is_lower_hex(flags))
        return Error::invalid("traceparent holds characters other than lowercase hex digits");
    if (!is_trace_id(ctx.trace_id)) return Error::invalid("traceparent trace id is all zeros");
    if (!is_span_id(ctx.parent_span_id)) return Error::invalid("traceparent parent id is all zeros");
    ctx.flags = static_cast<uint8_t>(hex_value(flags[0]) * 16 + hex_value(flags[1]));
    return ctx;
}

std::string new_trace_id() { return random_hex_id<kTraceIdDigits / 2>(); }
std::string new_span_id() { return random_hex_id<kSpanIdDigits / 2>(); }

std::string format_traceparent(std::string_view trace_id, std::string_view span_id, uint8_t flags) {
    return fmt::format("00-{}-{}-{:02x}", trace_id, span_id, flags);
}

}  // namespace grip::privacy
