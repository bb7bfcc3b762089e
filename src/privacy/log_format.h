#pragma once
// The processing log's files, for the log itself, its check and its reading
// (see processing_log.h): a record as one line of JSON with its keyed hash,
// and the anchor that names the last flushed record.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"

namespace grip::privacy::log_format {

// The `prev` of the first record: 64 zeros.
extern const std::string kZeroHash;
// A line of the log is well under a kilobyte; a far longer one is not a record.
constexpr int64_t kMaxLineBytes = 64 * 1024;

// Keyed BLAKE2b-256 (64 hex) of every field but the hash, seq and prev included.
std::string record_hash(const Keyring::Key& key, const LogEntry& entry);
// The record as its line, newline included.
std::string to_line(const LogEntry& entry);
// A line as a record, or why it is not one, in words that never repeat the
// line's content. Does not check the hash.
Result<LogEntry> parse_line(std::string_view line);

struct Anchor {
    enum class State { Missing, Invalid, Valid };
    State state = State::Missing;
    int64_t seq = 0;
    std::string hash;
};

// Invalid when the file is not an anchor or its MAC does not verify with the key.
Result<Anchor> read_anchor(const std::filesystem::path& file, const Keyring::Key& key);
// Written to a temporary file, synced and renamed: never half an anchor.
Status write_anchor(const std::filesystem::path& file, const Keyring::Key& key, int64_t seq, const std::string& hash);

// write(2) until all is written; the error is the system's message.
Status write_all(int fd, std::string_view data);
// Makes a new or renamed file in the file's folder survive a power cut.
Status sync_directory(const std::filesystem::path& file);

}  // namespace grip::privacy::log_format
