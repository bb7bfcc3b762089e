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
#include "privacy/log_chain.h"

namespace grip::privacy {

class SecurityLog;

enum class LogAction { Read, Create, Update, Withdraw, Search, Export, List, Erase };
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
    std::string subject;       // exact
    std::string actor;         // exact
    std::string municipality;  // exact, when set; records without one belong to `home`
    std::string home;
    int64_t after_seq = 0;  // cursor: records after this one
    int64_t limit = 0;      // at most this many; 0 is no limit
};

// When the server checks its logs' chains while it runs: every `interval`
// seconds of `now` (seconds of a steady clock; tests give their own).
struct ChainCheckSchedule {
    std::function<int64_t()> now;  // default: the system's steady clock
    int64_t interval = 600;
};

// The processing log's kind: its fields and the texts of its hashes.
const ChainKind& processing_log_kind();

class ProcessingLog {
public:
    using Clock = ChainLog::Clock;

    // Opens the log (see ChainLog::open: a log whose chain is broken since
    // its last checkpoint is refused, with the way to investigate) and the
    // security log beside it (security_log_file_for), which travels with it:
    // whoever writes the one writes the other, and flush and the checks cover
    // both. The default clock is the system's.
    static Result<std::unique_ptr<ProcessingLog>> open(const std::filesystem::path& file, const Keyring& keys,
                                                       const Clock& now = {}, ChainCheckSchedule schedule = {});
    ~ProcessingLog();
    ProcessingLog(const ProcessingLog&) = delete;
    ProcessingLog& operator=(const ProcessingLog&) = delete;

    // Validates the entry, links it to the chain and writes it as one line.
    // Thread-safe. With Durability::Now the record (and all before it) is
    // flushed before this returns.
    Status append(LogEntry entry, Durability durability = Durability::Later);
    // The same for the entries of one request or one write batch, in order:
    // one lock and one write for all of them (a page of 50 personal records
    // is one append of 50 entries). Nothing is written when one is invalid.
    Status append_all(std::vector<LogEntry> entries, Durability durability = Durability::Later);
    // How many appends the log has written (append_all counts once).
    int64_t appends() const { return chain_->appends(); }
    // Puts every appended record on disk (fdatasync) and rewrites the anchor;
    // when the schedule says so, checks both logs' chains since their last
    // checkpoint (the server calls this every 200 ms). Invalid when a check
    // finds a chain broken: the message names the log and the way to
    // investigate.
    Status flush();
    // Checks both logs' chains since their last checkpoint now.
    Status check_chains();

    // The records written so far that match the query (see read_log).
    Result<std::vector<LogEntry>> read(const LogQuery& query) const;

    const std::filesystem::path& file() const { return chain_->file(); }
    int64_t last_seq() const { return chain_->last_seq(); }
    SecurityLog& security() { return *security_; }

private:
    ProcessingLog() = default;

    std::unique_ptr<ChainLog> chain_;
    std::unique_ptr<SecurityLog> security_;
    ChainCheckSchedule schedule_;
    std::mutex schedule_mutex_;
    int64_t next_check_ = 0;
};

// A record as the JSON object of its line (compact, the keys in file order).
std::string to_json(const LogEntry& entry);

// The records of a log file that match the query, in order. Reads the whole
// file from the start: a linear scan, fine for now. Does not check the chain
// (that is verify_log); a last line still being written is left out.
Result<std::vector<LogEntry>> read_log(const std::filesystem::path& file, const LogQuery& query);

// Checks every line's hash and its link to the line before, and the end of
// the log against the anchor; reports the first broken record.
Result<VerifyReport> verify_log(const std::filesystem::path& file, const Keyring& keys);

// The default log of a store: beside a SQLite file (`grip.db` →
// `grip.db.processing-log.ndjson`); for a PostgreSQL store, beside the key
// file, named after the database (`<database>.processing-log.ndjson`).
std::filesystem::path processing_log_file_for(const std::string& store_location, const std::filesystem::path& key_file);

}  // namespace grip::privacy
