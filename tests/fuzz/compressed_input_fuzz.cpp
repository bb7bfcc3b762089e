// The bytes of a delivery as they arrive: plain, gzip or zstd (recognised by
// the magic number), decompressed block by block and split into lines, with
// small blocks and a small line limit so that the edges are reached. The
// corpus holds gzip and zstd files; libFuzzer mutates their bytes.

#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    grip::ingest::LineReaderOptions options;
    options.block_size = 256;
    options.max_line_bytes = 1 << 16;
    auto lines = grip::ingest::LineReader::from_string(std::string(reinterpret_cast<const char*>(data), size), options);
    grip::ingest::Line line;
    // A bound on the output keeps a decompression bomb in the corpus from
    // turning into a time-out: the limit on decompressed size is the
    // reader's business and has its own tests.
    size_t total = 0;
    while (lines->next(line) && total < (size_t{64} << 20)) total += line.text.size() + 1;
    (void)lines->error();
    return 0;
}
