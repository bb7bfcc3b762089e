#pragma once
// The raw bytes of a delivery, before decompression: a file read in blocks
// straight into the caller's buffer, or a string that is already in memory
// (an API request body). LineReader builds on this; nothing else needs it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace grip::ingest {

class ByteInput {
public:
    // Fails with NotFound or Io; the message names the file and the reason.
    static Result<ByteInput> open(const std::filesystem::path& path);
    static ByteInput from_string(std::string data, std::string name);

    ByteInput(ByteInput&& other) noexcept;
    ByteInput& operator=(ByteInput&& other) noexcept;
    ByteInput(const ByteInput&) = delete;
    ByteInput& operator=(const ByteInput&) = delete;
    ~ByteInput();

    // Reads up to `capacity` bytes into `dst`; 0 means the end of the input.
    // An error says what failed (never which bytes).
    Result<size_t> read(char* dst, size_t capacity);

    // The first bytes of the input (at most 4), left in place for read():
    // enough to recognise the magic number of gzip or zstd. Works on pipes too,
    // which cannot seek back.
    Result<std::string_view> peek_magic();

    // Raw bytes handed out by read() so far, for a progress bar.
    uint64_t bytes_read() const { return bytes_read_; }
    // The size of the input when it is known (a regular file or a string).
    std::optional<uint64_t> size() const { return size_; }
    // The file name used in messages.
    const std::string& name() const { return name_; }

private:
    ByteInput() = default;
    Result<size_t> read_fd(char* dst, size_t capacity);

    int fd_ = -1;  // -1 when the input is the string data_
    std::string data_;
    size_t data_pos_ = 0;
    std::string name_;
    std::optional<uint64_t> size_;
    uint64_t bytes_read_ = 0;

    // Bytes read from a file by peek_magic() that read() has not returned yet.
    std::array<char, 4> magic_{};
    size_t magic_len_ = 0;
    size_t magic_pos_ = 0;
    bool magic_peeked_ = false;
};

}  // namespace grip::ingest
