#include "ingest/decompress.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

namespace grip::ingest {
namespace {

class PlainDecoder final : public Decoder {
public:
    using Decoder::Decoder;
    Result<size_t> read(char* dst, size_t capacity) override { return input_.read(dst, capacity); }
};

// zlib's inflate with the gzip wrapper. A gzip file may hold several members
// back to back (`cat a.gz b.gz`, or pigz/bgzip output): after each member
// the stream is reset and decoding goes on while input remains.
class GzipDecoder final : public Decoder {
public:
    GzipDecoder(ByteInput input, size_t block_size) : Decoder(std::move(input)), buffer_(block_size) {}
    ~GzipDecoder() override {
        if (initialised_) inflateEnd(&stream_);
    }

    Status init() {
        // 15 + 16: the largest window, and expect a gzip header (not zlib).
        if (inflateInit2(&stream_, 15 + 16) != Z_OK) return Error::io("cannot start gzip decompression");
        initialised_ = true;
        return ok_status();
    }

    Result<size_t> read(char* dst, size_t capacity) override {
        // zlib counts in 32 bits; a smaller output slice is fine, the caller loops.
        const uInt out_start = static_cast<uInt>(std::min<size_t>(capacity, UINT_MAX));
        if (out_start == 0) return size_t{0};
        if (pending_error_) return *std::exchange(pending_error_, std::nullopt);
        stream_.next_out = reinterpret_cast<Bytef*>(dst);
        stream_.avail_out = out_start;
        while (stream_.avail_out == out_start) {
            if (stream_.avail_in == 0 && !input_done_) {
                const size_t n = TRY(input_.read(buffer_.data(), buffer_.size()));
                input_done_ = n == 0;
                stream_.next_in = reinterpret_cast<Bytef*>(buffer_.data());
                stream_.avail_in = static_cast<uInt>(n);
            }
            if (stream_.avail_in == 0 && input_done_ && member_done_) break;
            if (stream_.avail_in > 0) member_done_ = false;  // the next member starts here
            const int rc = inflate(&stream_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                member_done_ = true;
                inflateReset(&stream_);
                continue;
            }
            if (rc == Z_OK || rc == Z_BUF_ERROR) {
                if (stream_.avail_in == 0 && input_done_ && stream_.avail_out == out_start) {
                    return Error::invalid("truncated gzip data: the file ends inside the compressed stream");
                }
                continue;
            }
            // zlib's messages describe the stream ("invalid block type"), not its contents.
            Error error =
                rc == Z_MEM_ERROR
                    ? Error::io("out of memory while decompressing gzip data")
                    : Error::invalid(fmt::format("corrupt gzip data ({})", stream_.msg ? stream_.msg : "no details"));
            if (stream_.avail_out == out_start) return error;
            // Hand out the good text first, so the error names the right line.
            pending_error_ = std::move(error);
            break;
        }
        return size_t{out_start - stream_.avail_out};
    }

private:
    std::vector<char> buffer_;
    z_stream stream_{};
    bool initialised_ = false;
    bool input_done_ = false;
    bool member_done_ = false;  // false at the start: an empty gzip stream is truncated
    std::optional<Error> pending_error_;
};

// libzstd's streaming decoder. It decodes concatenated frames by itself and
// skips skippable frames.
class ZstdDecoder final : public Decoder {
public:
    ZstdDecoder(ByteInput input, size_t block_size) : Decoder(std::move(input)), buffer_(block_size) {}
    ~ZstdDecoder() override { ZSTD_freeDStream(stream_); }

    Status init() {
        stream_ = ZSTD_createDStream();
        if (stream_ == nullptr) return Error::io("cannot start zstd decompression");
        return ok_status();
    }

    Result<size_t> read(char* dst, size_t capacity) override {
        ZSTD_outBuffer out{dst, capacity, 0};
        if (capacity == 0) return size_t{0};
        if (pending_error_) return *std::exchange(pending_error_, std::nullopt);
        while (out.pos == 0) {
            if (in_.pos == in_.size && !input_done_) {
                const size_t n = TRY(input_.read(buffer_.data(), buffer_.size()));
                input_done_ = n == 0;
                in_ = ZSTD_inBuffer{buffer_.data(), n, 0};
            }
            const bool no_more_input = in_.pos == in_.size && input_done_;
            // ZSTD_decompressStream returns 0 once a frame is decoded and flushed.
            if (no_more_input && frame_done_) break;
            const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
            if (ZSTD_isError(rc)) {
                Error error = Error::invalid(fmt::format("corrupt zstd data ({})", ZSTD_getErrorName(rc)));
                if (out.pos == 0) return error;
                // Hand out the good text first, so the error names the right line.
                pending_error_ = std::move(error);
                break;
            }
            frame_done_ = rc == 0;
            if (no_more_input && out.pos == 0 && !frame_done_) {
                return Error::invalid("truncated zstd data: the file ends inside a compressed frame");
            }
        }
        return out.pos;
    }

private:
    std::vector<char> buffer_;
    ZSTD_DStream* stream_ = nullptr;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    bool input_done_ = false;
    bool frame_done_ = false;  // false at the start: a frame must follow the magic number
    std::optional<Error> pending_error_;
};

}  // namespace

Compression detect_compression(std::string_view magic) {
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(magic[i]); };
    if (magic.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return Compression::Gzip;
    if (magic.size() >= 4) {
        const uint32_t word =
            uint32_t{byte(0)} | uint32_t{byte(1)} << 8 | uint32_t{byte(2)} << 16 | uint32_t{byte(3)} << 24;
        if (word == 0xFD2FB528u) return Compression::Zstd;
        if ((word & 0xFFFFFFF0u) == 0x184D2A50u) return Compression::Zstd;  // a skippable frame first
    }
    return Compression::None;
}

Compression compression_from_name(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    const auto ends_with = [&](std::string_view suffix) { return std::string_view(lower).ends_with(suffix); };
    if (ends_with(".gz") || ends_with(".gzip")) return Compression::Gzip;
    if (ends_with(".zst") || ends_with(".zstd")) return Compression::Zstd;
    return Compression::None;
}

std::string_view compression_name(Compression compression) {
    switch (compression) {
        case Compression::None: return "plain";
        case Compression::Gzip: return "gzip";
        case Compression::Zstd: return "zstd";
    }
    return "unknown";
}

Result<std::unique_ptr<Decoder>> make_decoder(Compression compression, ByteInput input, size_t block_size) {
    switch (compression) {
        case Compression::Gzip: {
            auto decoder = std::make_unique<GzipDecoder>(std::move(input), block_size);
            TRY(decoder->init());
            return std::unique_ptr<Decoder>(std::move(decoder));
        }
        case Compression::Zstd: {
            auto decoder = std::make_unique<ZstdDecoder>(std::move(input), block_size);
            TRY(decoder->init());
            return std::unique_ptr<Decoder>(std::move(decoder));
        }
        case Compression::None: break;
    }
    return std::unique_ptr<Decoder>(std::make_unique<PlainDecoder>(std::move(input)));
}

}  // namespace grip::ingest
