#pragma once
// The processing log ("Logboek dataverwerkingen", the Logius standard): one
// record for every read or change of personal data. The log is a file of
// NDJSON lines, only ever appended to. Each line carries a sequence number,
// the hash of the line before it and its own hash, a keyed BLAKE2b-256 over
// all its other fields; the key comes from the installation's key file, so an
// edit, a deletion, an insertion or a reordering cannot be hidden by someone
// without that file. An anchor file beside the log (`<log>.anchor`, MACed
// with the same key) holds the last record that was flushed, so that a cut
// tail is seen too. See docs/processing-log.md.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "privacy/keyring.h"

namespace grip::privacy {

enum class LogAction { Read, Create, Update, Withdraw, Search, Export, List };
enum class LogResult { Ok, Denied, NotFound, Error };

std::string_view to_text(LogAction action);
std::string_view to_text(LogResult result);
std::optional<LogAction> parse_log_action(std::string_view text);
std::optional<LogResult> parse_log_result(std::string_view text);

// One processing of personal data. The caller fills in what happened; the log
// assigns seq, prev and hash, and the time when it is empty.
struct LogEntry {
    int64_t seq = 0;             // 1, 2, 3, ... without gaps
    std::string time;            // UTC, RFC 3339 with milliseconds: 2026-11-29T10:31:02.123Z
    std::string trace_id;        // 32 lowercase hex (W3C trace context); a new one when empty
    std::string span_id;         // 16 lowercase hex; a new one when empty
    std::string parent_span_id;  // 16 lowercase hex, or empty
    std::string actor;           // user or token name; never data of the data subject
    LogAction action = LogAction::Read;
    std::string processing_activity;  // a short code: registratie, handhaving, inzageverzoek, ...
    std::string subject;              // the data subject's pseudonym, lowercase hex, or empty (lists)
    std::string record;               // kind/id of the record touched, e.g. person/P-000123
    std::string municipality;         // CBS code of the municipality the record is of (empty in logs
                                      // written before there were several: the home municipality's)
    LogResult result = LogResult::Ok;
    std::string prev;  // hash of the previous record, 64 hex; zeros for the first
    std::string hash;  // keyed BLAKE2b-256 of all the fields above, 64 hex
};

// Filters of a read; empty texts match everything.
struct LogQuery {
    std::string subject;    // exact
    std::string actor;      // exact
    std::string municipality;  // exact, when set; records without one belong to `home`
    std::string home;
    int64_t after_seq = 0;  // cursor: records after this one
    int64_t limit = 0;      // at most this many; 0 is no limit
};

// Whether append returns once the record is on disk (personal data written),
// or leaves that to the next flush.
enum class Durability { Later, Now };

class ProcessingLog {
public:
    // Gives the time of a record that has none, as RFC 3339 UTC with
    // milliseconds; called under the log's lock, so times follow seq.
    using Clock = std::function<std::string()>;

    // Opens the log for appending, creating it (and its anchor) when missing.
    // An existing log continues its chain; it is refused when its last line
    // does not verify with these keys, when the anchor is missing, invalid
    // or ahead of the log, or when another process has the log open. A last
    // line cut off by a crash (after the anchored records) is moved to
    // `<log>.torn` and the chain continues before it; any other incomplete
    // end is refused. The default clock is the system's.
    static Result<std::unique_ptr<ProcessingLog>> open(const std::filesystem::path& file, const Keyring& keys,
                                                       Clock now = {});
    ~ProcessingLog();
    ProcessingLog(const ProcessingLog&) = delete;
    ProcessingLog& operator=(const ProcessingLog&) = delete;

    // Validates the entry, links it to the chain and writes it as one line.
    // Thread-safe. With Durability::Now the record (and all before it) is
    // flushed before this returns.
    Status append(LogEntry entry, Durability durability = Durability::Later);
    // Puts every appended record on disk (fdatasync) and rewrites the anchor.
    Status flush();

    // The records written so far that match the query (see read_log).
    Result<std::vector<LogEntry>> read(const LogQuery& query) const;

    const std::filesystem::path& file() const { return file_; }
    int64_t last_seq() const;

private:
    ProcessingLog(std::filesystem::path file, Keyring::Key key, Clock now, int fd);
    Status flush_through(int64_t seq);

    std::filesystem::path file_;
    Keyring::Key key_{};
    Clock now_;
    int fd_ = -1;

    mutable std::mutex mutex_;  // guards the chain's end and the file's size
    int64_t last_seq_ = 0;
    std::string last_hash_;
    int64_t size_ = 0;
    bool failed_ = false;  // a write failed and could not be undone

    std::mutex flush_mutex_;  // one flush at a time; guards anchored_seq_
    int64_t anchored_seq_ = -1;
};

// A record as the JSON object of its line (compact, the keys in file order).
std::string to_json(const LogEntry& entry);

// The records of a log file that match the query, in order. Reads the whole
// file from the start: a linear scan, fine for now. Does not check the chain
// (that is verify_log); a last line still being written is left out.
Result<std::vector<LogEntry>> read_log(const std::filesystem::path& file, const LogQuery& query);

struct VerifyReport {
    int64_t records = 0;            // lines in the log
    bool ok = true;
    int64_t first_broken_seq = 0;   // the seq the chain expects at the broken line; 0: none, or the anchor
    int64_t first_broken_line = 0;  // 1-based; 0: none, or the anchor
    std::string problem;            // plain English, never a line's content
};

// Checks every line's hash and its link to the line before, and the end of
// the log against the anchor; reports the first broken record.
Result<VerifyReport> verify_log(const std::filesystem::path& file, const Keyring& keys);

// The default log of a store: beside a SQLite file (`grip.db` →
// `grip.db.processing-log.ndjson`); for a PostgreSQL store, beside the key
// file, named after the database (`<database>.processing-log.ndjson`).
std::filesystem::path processing_log_file_for(const std::string& store_location,
                                              const std::filesystem::path& key_file);
// The anchor beside a log: `<log>.anchor`.
std::filesystem::path anchor_file_for(const std::filesystem::path& log_file);

}  // namespace grip::privacy
