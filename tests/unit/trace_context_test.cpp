// The W3C traceparent header: what is accepted, what is refused, and the ids
// Grip makes itself.

#include <gtest/gtest.h>

#include "privacy/trace_context.h"

namespace grip::testing {
namespace {

using privacy::parse_traceparent;

constexpr const char* kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceContext, ParsesAValidHeader) {
    const auto ctx = parse_traceparent(kValid);
    ASSERT_TRUE(ctx) << ctx.error().message;
    EXPECT_EQ(ctx->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(ctx->parent_span_id, "00f067aa0ba902b7");
    EXPECT_EQ(ctx->flags, 1);

    const auto unsampled = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    ASSERT_TRUE(unsampled);
    EXPECT_EQ(unsampled->flags, 0);
}

TEST(TraceContext, ReadsALaterVersionByTheRulesOfTheStandard) {
    const auto later = parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-what-comes-next");
    ASSERT_TRUE(later) << later.error().message;
    EXPECT_EQ(later->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(later->flags, 9);
    EXPECT_FALSE(parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09x"));
}

TEST(TraceContext, RefusesInvalidHeaders) {
    const char* invalid[] = {
        "",
        "00",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",     // uppercase trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",     // uppercase span id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",     // uppercase flags
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",     // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",     // all-zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // version ff
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // version not hex
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",      // trace id too short
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",    // trace id too long
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",      // span id too short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",      // flags too short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-00",  // version 00 with more after it
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",     // no dashes
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",     // not hex
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // leading space
    };
    for (const char* header : invalid) EXPECT_FALSE(parse_traceparent(header)) << "accepted: '" << header << "'";
}

TEST(TraceContext, MakesRandomLowercaseIds) {
    const auto trace = privacy::new_trace_id();
    const auto span = privacy::new_span_id();
    EXPECT_TRUE(privacy::is_trace_id(trace)) << trace;
    EXPECT_TRUE(privacy::is_span_id(span)) << span;
    EXPECT_NE(trace, privacy::new_trace_id());
    EXPECT_NE(span, privacy::new_span_id());
}

TEST(TraceContext, FormatsAHeaderThatParsesBack) {
    const auto trace = privacy::new_trace_id();
    const auto span = privacy::new_span_id();
    const auto header = privacy::format_traceparent(trace, span);
    EXPECT_EQ(header, "00-" + trace + "-" + span + "-01");
    const auto ctx = parse_traceparent(header);
    ASSERT_TRUE(ctx) << ctx.error().message;
    EXPECT_EQ(ctx->trace_id, trace);
    EXPECT_EQ(ctx->parent_span_id, span);
    EXPECT_EQ(ctx->flags, 1);
    EXPECT_EQ(privacy::format_traceparent(trace, span, 0).substr(53), "00");
}

}  // namespace
}  // namespace grip::testing
