#pragma once
// W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent`
// header that ties the processing-log records of one request together, also
// across the systems of chain partners. Pure functions, except the random ids.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace grip::privacy {

// What an incoming `traceparent` says: the trace this request belongs to and
// the caller's span, which becomes the parent of our own span.
struct TraceContext {
    std::string trace_id;        // 32 lowercase hex digits, not all zero
    std::string parent_span_id;  // 16 lowercase hex digits, not all zero
    uint8_t flags = 0;           // bit 0: sampled
};

// Parses `00-<trace id>-<parent id>-<flags>`. Refuses uppercase hex, wrong
// lengths, all-zero ids and version ff; a later version is read by the rules
// of the standard (its first four fields; more may follow after a dash).
Result<TraceContext> parse_traceparent(std::string_view header);

// New random ids (libsodium's randombytes), lowercase hex, never all zero.
std::string new_trace_id();
std::string new_span_id();

// `00-<trace id>-<span id>-<flags>`: the header to send on to a next system.
std::string format_traceparent(std::string_view trace_id, std::string_view span_id, uint8_t flags = 1);

// Whether a text is an id of this many lowercase hex digits, not all zero.
bool is_trace_id(std::string_view text);
bool is_span_id(std::string_view text);

}  // namespace grip::privacy
