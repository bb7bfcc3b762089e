#pragma once
// Gzip data for the reader tests: whole, or cut off without the end of the
// stream, as a broken upload would be.

#include <zlib.h>

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace grip::testing {

enum class GzipEnd { Finished, CutOff };

inline std::string gzip_data(std::string_view text, GzipEnd end = GzipEnd::Finished) {
    z_stream stream{};
    EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    if (end == GzipEnd::Finished) EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    else EXPECT_EQ(deflate(&stream, Z_SYNC_FLUSH), Z_OK);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

}  // namespace grip::testing
