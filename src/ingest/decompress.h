#pragma once
// Turns the raw bytes of a delivery into its text: plain files pass through,
// gzip (zlib) and zstd files are decompressed as a stream, block by block, so
// that a 10 GB delivery never has to fit in memory.

#include <cstddef>
#include <memory>
#include <string_view>

#include "common/result.h"
#include "ingest/byte_input.h"

namespace grip::ingest {

enum class Compression { None, Gzip, Zstd };

// Recognises the compression by its magic number; the file name does not
// count, because partners rename files.
Compression detect_compression(std::string_view magic);

// What the file name promises (".gz", ".zst"), to catch a file that is named
// as compressed but is not.
Compression compression_from_name(std::string_view name);

std::string_view compression_name(Compression compression);

class Decoder {
public:
    explicit Decoder(ByteInput input) : input_(std::move(input)) {}
    virtual ~Decoder() = default;
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // Writes up to `capacity` bytes of text into `dst`; 0 means the end. An
    // error says what failed (corrupt or truncated data, a read error), never
    // which bytes: deliveries hold personal data.
    virtual Result<size_t> read(char* dst, size_t capacity) = 0;

    const ByteInput& input() const { return input_; }

protected:
    ByteInput input_;
};

// `block_size` is the amount of compressed input read at a time.
Result<std::unique_ptr<Decoder>> make_decoder(Compression compression, ByteInput input, size_t block_size);

}  // namespace grip::ingest
