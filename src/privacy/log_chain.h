#pragma once
// A hash-chained log file, whatever its records hold: the machinery under the
// processing log and the security log. The log is a file of NDJSON lines,
// only ever appended to. Each line carries a sequence number, the hash of the
// line before it and its own hash, a keyed BLAKE2b-256 over all its other
// fields; the key comes from the installation's key file, so an edit, a
// deletion, an insertion or a reordering cannot be hidden by someone without
// that file. Beside the log are two small files MACed with the same key: the
// anchor (`<log>.anchor`) names the last record that was flushed, so that a
// cut tail is seen too; the checkpoint (`<log>.checkpoint`) names the last
// record a check found sound and where its line starts, so that a check at
// start and now and then reads only what was written since.
// See docs/processing-log.md and docs/security-log.md.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "privacy/keyring.h"
#include "privacy/log_format.h"

namespace grip::privacy {

// Whether append returns once the record is on disk, or leaves that to the
// next flush.
enum class Durability { Later, Now };

// Who may write the log. Exclusive: the process that opened it, until it
// closes it. PerAppend: any process, one at a time, each append taking the
// lock and continuing the chain from the file's end (the security log,
// written by the server and by `grip user`); every append is then durable.
// Shared: the same, but an append is durable only when asked or at the next
// flush, which anchors the file's end whoever wrote it (the processing log,
// written by the server for every read and by the command line while the
// server runs).
enum class Sharing { Exclusive, PerAppend, Shared };

struct VerifyReport {
    int64_t records = 0;  // lines read
    bool ok = true;
    int64_t first_broken_seq = 0;   // the seq the chain expects at the broken line; 0: none, or the anchor
    int64_t first_broken_line = 0;  // 1-based (counted from the check's start); 0: none, or the anchor
    std::string problem;            // plain English, never a line's content
    log_format::Anchor end;         // the last sound record: seq, hash and its line's offset
};

struct VerifyOptions {
    // Where to start: a checkpoint (the record there is checked again, and
    // must still be the one it names), or the file's start.
    std::optional<log_format::Anchor> from;
    // Read no further than this (a log being written); the anchor is then
    // not compared, as its writer is at work.
    std::optional<int64_t> max_bytes;
};

// Checks every line's hash and its link to the line before, and the end of
// the log against the anchor; reports the first broken record.
Result<VerifyReport> verify_chain(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key,
                                  const VerifyOptions& options = {});

// The records of a log file in order, each handed to `take` until it answers
// false. Reads the file from the start (records at or before `after_seq` are
// skipped unread) up to `max_bytes` when given; does not check the chain (that
// is verify_chain); a last line still being written is left out.
Status read_chain(const ChainKind& kind, const std::filesystem::path& file, std::optional<int64_t> max_bytes,
                  int64_t after_seq, const std::function<bool(ChainRecord&&)>& take);

// A message for a log that a check found broken, with the way to investigate.
std::string broken_chain_message(const ChainKind& kind, const std::filesystem::path& file, const VerifyReport& report);

class ChainLog {
public:
    // Gives the time of a record that has none, as RFC 3339 UTC with
    // milliseconds; called under the log's lock, so times follow seq.
    using Clock = std::function<std::string()>;

    // Opens the log for appending, creating it (and its anchor) when missing.
    // An existing log continues its chain; it is refused when its last line
    // does not verify with this key, when the anchor is missing, invalid or
    // ahead of the log, when a record written since the last checkpoint is
    // broken, or (Exclusive) when another process has the log open. A last
    // line cut off by a crash (after the anchored records) is moved to
    // `<log>.torn` and the chain continues before it; any other incomplete
    // end is refused. The default clock is the system's.
    static Result<std::unique_ptr<ChainLog>> open(const ChainKind& kind, const std::filesystem::path& file,
                                                  const Keyring::Key& key, Sharing sharing, Clock now = {});
    ~ChainLog();
    ChainLog(const ChainLog&) = delete;
    ChainLog& operator=(const ChainLog&) = delete;

    // Links the record to the chain (seq, prev, hash; the time when empty)
    // and writes it as one line; `check` sees the record with its time before
    // it is written. Thread-safe. With Durability::Now (always, PerAppend)
    // the record and all before it are flushed before this returns.
    Result<int64_t> append(ChainRecord record, Durability durability,
                           const std::function<Status(const ChainRecord&)>& check = {});
    // The same for several records at once, in order: one lock, one write of
    // all their lines (a request's entries cost one append, not one each).
    // Every record is checked before any is written. Returns the last seq.
    Result<int64_t> append_all(std::vector<ChainRecord> records, Durability durability,
                               const std::function<Status(const ChainRecord&)>& check = {});
    // How many appends (of one record or of several) this log has written:
    // what the tests count to see a request's entries written at once.
    int64_t appends() const { return appends_.load(std::memory_order_relaxed); }
    // Puts every appended record on disk (fdatasync) and rewrites the anchor.
    Status flush();
    // Checks the records written since the checkpoint and moves the
    // checkpoint to the last of them. Invalid, with the message of
    // broken_chain_message, when one is broken.
    Status check();

    // The bytes of the file this log has written or seen written.
    int64_t size() const;
    int64_t last_seq() const;
    const std::filesystem::path& file() const { return file_; }
    const ChainKind& kind() const { return kind_; }

private:
    ChainLog(const ChainKind& kind, std::filesystem::path file, Keyring::Key key, Sharing sharing, Clock now, int fd);
    Status flush_through(int64_t seq);
    // PerAppend: takes up the chain from the file's end when another process wrote to it.
    Status catch_up();

    const ChainKind& kind_;
    std::filesystem::path file_;
    Keyring::Key key_{};
    Sharing sharing_;
    Clock now_;
    int fd_ = -1;

    mutable std::mutex mutex_;  // guards the chain's end and the file's size
    int64_t last_seq_ = 0;
    std::string last_hash_;
    int64_t size_ = 0;
    bool failed_ = false;  // a write failed and could not be undone
    std::atomic<int64_t> appends_{0};

    std::mutex flush_mutex_;  // one flush at a time; guards anchored_seq_
    int64_t anchored_seq_ = -1;

    std::mutex check_mutex_;  // one check at a time; guards checkpoint_
    log_format::Anchor checkpoint_;
};

// The anchor beside a log: `<log>.anchor`.
std::filesystem::path anchor_file_for(const std::filesystem::path& log_file);
// The checkpoint beside a log: `<log>.checkpoint`.
std::filesystem::path checkpoint_file_for(const std::filesystem::path& log_file);

}  // namespace grip::privacy
