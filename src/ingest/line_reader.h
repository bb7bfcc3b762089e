#pragma once
// Splits a delivery (NDJSON or CSV; plain, gzip or zstd) into lines.
//
// The input is read and decompressed in large blocks into one buffer, and a
// line is handed out as a view into that buffer: no copy per line and no
// per-character call. Lines longer than a block make the buffer grow, up to a
// limit that protects memory against a file without line ends.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "ingest/decompress.h"

namespace grip::ingest {

struct Line {
    int64_t number = 0;     // 1-based
    std::string_view text;  // without "\n" or "\r\n"; valid until the next call of next()
};

struct LineReaderOptions {
    // How much is read (and, for compressed files, decompressed) at a time.
    size_t block_size = size_t{1} << 20;
    // A longer line is an error: no record of the exchange format comes near
    // this, and a file without line ends must not fill the memory.
    size_t max_line_bytes = size_t{16} << 20;
    // The most text the input may hold (after decompression): a few KB of
    // gzip can unpack to gigabytes. Past it, reading fails with an error
    // naming the file and the limit. 0: no limit.
    uint64_t max_text_bytes = 0;
};

class LineReader {
public:
    // Fails when the file cannot be opened, or when its name promises a
    // compression (".gz", ".zst") that its contents do not have. Otherwise
    // the compression is recognised by the magic number, whatever the name.
    static Result<std::unique_ptr<LineReader>> open(const std::filesystem::path& path, LineReaderOptions options = {});
    // For API request bodies and tests. Compressed data is recognised too. An
    // uncompressed string is not copied: its lines are views into it.
    static std::unique_ptr<LineReader> from_string(std::string data, LineReaderOptions options = {});

    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    ~LineReader();

    // The next line, including a last line without a line end. False at the
    // end of the input or on an error; tell them apart with error().
    bool next(Line& out);

    // Set when reading or decompressing failed (corrupt gzip, truncated zstd,
    // an I/O error, a line over the limit). The message names the file and
    // the last good line, never the contents: deliveries hold personal data.
    const std::optional<Error>& error() const { return error_; }

    // Bytes of the input (compressed bytes for a compressed file) taken in so
    // far, and the total when known: for a progress bar.
    uint64_t input_bytes_read() const;
    std::optional<uint64_t> input_size() const { return input_size_; }
    Compression compression() const { return compression_; }
    // The file name used in messages ("<string>" for from_string).
    const std::string& name() const { return name_; }

private:
    LineReader(std::string name, Compression compression, std::optional<uint64_t> size, LineReaderOptions options);
    // Hands out buffer_[begin_, line_end) and continues at next_begin.
    bool emit(size_t line_end, size_t next_begin, Line& out);
    // Reads more text into the buffer; false only on an error.
    bool fill();
    bool fail(Error error);
    bool fail_line_too_long();
    bool fail_too_large();

    std::string name_;
    Compression compression_ = Compression::None;
    std::optional<uint64_t> input_size_;
    LineReaderOptions options_;
    std::unique_ptr<Decoder> decoder_;  // null when all text is in buffer_ from the start

    std::string buffer_;
    size_t begin_ = 0;  // start of the text not handed out yet
    size_t scan_ = 0;   // where the search for the next "\n" resumes
    size_t end_ = 0;    // end of the valid text in buffer_
    bool input_done_ = false;
    bool finished_ = false;
    int64_t line_number_ = 0;
    uint64_t text_bytes_ = 0;  // text produced by the decoder so far
    std::optional<Error> error_;
};

}  // namespace grip::ingest
