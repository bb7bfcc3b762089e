#pragma once
// Record ids of the generated city. Numbers are 1-based and zero-padded to a
// fixed width so that ids sort as they were written; a larger city just gets
// longer numbers. The formats are compiled: ids are the most formatted text
// of the city.

#include <cstdint>
#include <fmt/compile.h>
#include <fmt/format.h>

namespace grip::generator {

// Each takes the 0-based index of the record within its kind.
inline void put_activity_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-ACT-{:08}"), i + 1);
}
inline void put_person_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-PER-{:07}"), i + 1);
}
inline void put_address_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-ADR-{:07}"), i + 1);
}
inline void put_organisation_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-ORG-{:03}"), i + 1);
}
inline void put_location_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-LOC-{:03}"), i + 1);
}
inline void put_aggregate_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-AGG-{:04}"), i + 1);
}
inline void put_milestone_id(fmt::memory_buffer& b, int64_t i) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("G-MIL-{:03}"), i + 1);
}

}  // namespace grip::generator
