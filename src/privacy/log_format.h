#pragma once
// The files of Grip's hash-chained logs (the processing log and the security
// log; see log_chain.h): a record as one line of JSON with its keyed hash,
// the anchor that names the last flushed record, and the checkpoint that
// names the last verified one. What differs between the logs is their kind:
// the names of their fields and the texts that keep their hashes apart.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "privacy/keyring.h"

namespace grip::privacy {

// A field of a log's records, between `seq` and `prev`. An optional field is
// written (and hashed) only when it is not empty, so that a field added later
// leaves the hashes of older records as they were.
struct ChainField {
    std::string_view name;
    bool optional = false;
};

// What makes one chained log another: its name in messages, the first line
// of the text its records' hashes and its anchor's MAC are taken over (so a
// record of one log never verifies as one of another), and its fields. The
// first field is the record's time.
struct ChainKind {
    std::string_view name;           // "processing log"
    std::string_view record_domain;  // "grip processing log record v1"
    std::string_view anchor_domain;  // "grip processing log anchor v1"
    std::vector<ChainField> fields;
};

// One record of a chained log: its values in the order of the kind's fields.
struct ChainRecord {
    int64_t seq = 0;                  // 1, 2, 3, ... without gaps
    std::vector<std::string> values;  // one per field of the kind
    std::string prev;                 // hash of the previous record, 64 hex; zeros for the first
    std::string hash;                 // keyed BLAKE2b-256 of all the fields above, 64 hex
};

}  // namespace grip::privacy

namespace grip::privacy::log_format {

// The `prev` of the first record: 64 zeros.
extern const std::string kZeroHash;
// A line of a log is well under a kilobyte; a far longer one is not a record.
constexpr int64_t kMaxLineBytes = 64 * 1024;

// Keyed BLAKE2b-256 (64 hex) of every field but the hash, seq and prev included.
std::string record_hash(const ChainKind& kind, const Keyring::Key& key, const ChainRecord& record);
// The record as its line, newline included.
std::string to_line(const ChainKind& kind, const ChainRecord& record);
// The record as a compact JSON object, without newline.
std::string to_json(const ChainKind& kind, const ChainRecord& record);
// A line as a record, or why it is not one, in words that never repeat the
// line's content. Does not check the hash.
Result<ChainRecord> parse_line(const ChainKind& kind, std::string_view line);

struct Anchor {
    enum class State { Missing, Invalid, Valid };
    State state = State::Missing;
    int64_t seq = 0;
    std::string hash;
    int64_t offset = 0;  // checkpoints only: where the named record's line starts
};

// Invalid when the file is not an anchor or its MAC does not verify with the key.
Result<Anchor> read_anchor(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key);
// Written to a temporary file, synced and renamed: never half an anchor.
Status write_anchor(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key, int64_t seq,
                    const std::string& hash);

// The checkpoint: the last record a check of the whole chain up to it found
// sound, with the offset of its line, so that the next check starts there.
Result<Anchor> read_checkpoint(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key);
Status write_checkpoint(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key,
                        const Anchor& checkpoint);

// write(2) until all is written; the error is the system's message.
Status write_all(int fd, std::string_view data);
// Makes a new or renamed file in the file's folder survive a power cut.
Status sync_directory(const std::filesystem::path& file);

}  // namespace grip::privacy::log_format
