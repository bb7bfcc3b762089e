#include "privacy/processing_log.h"

#include "common/private_file.h"
#include "storage/location.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sodium.h>

#include "privacy/log_format.h"
#include "privacy/trace_context.h"

namespace grip::privacy {
namespace {

using log_format::Anchor;
using log_format::kMaxLineBytes;
using log_format::kZeroHash;
using log_format::parse_line;
using log_format::read_anchor;
using log_format::record_hash;
using log_format::sync_directory;
using log_format::to_line;
using log_format::write_all;
using log_format::write_anchor;

// --- reading the end of the log backwards ---

struct TailLine {
    int64_t start = 0;  // offset of its first byte
    std::string text;   // without the newline
};

// The line whose newline is the byte before `end`.
Result<TailLine> line_ending_at(int fd, int64_t end) {
    TailLine line;
    std::array<char, 8192> buf{};
    int64_t pos = end - 1;  // the newline itself is left out
    while (pos > 0) {
        const int64_t n = std::min<int64_t>(static_cast<int64_t>(buf.size()), pos);
        if (::pread(fd, buf.data(), static_cast<size_t>(n), pos - n) != n)
            return Error::io("cannot read the end of the processing log");
        for (int64_t i = n - 1; i >= 0; --i) {
            if (buf[static_cast<size_t>(i)] == '\n') {
                line.text.insert(0, buf.data() + i + 1, static_cast<size_t>(n - i - 1));
                line.start = pos - n + i + 1;
                return line;
            }
        }
        line.text.insert(0, buf.data(), static_cast<size_t>(n));
        pos -= n;
        if (static_cast<int64_t>(line.text.size()) > kMaxLineBytes)
            return Error::invalid("the processing log ends in a line far longer than any record");
    }
    line.start = 0;
    return line;
}

struct ChainEnd {
    int64_t seq = 0;
    std::string hash = kZeroHash;
};

std::string refusal_advice() {
    return "run `grip log verify`; to go on, move the log and its anchor aside (keep them) and start a new log";
}

// Where an existing log's chain ends, after checking its last line and its anchor.
Result<ChainEnd> find_chain_end(const std::filesystem::path& file, const Keyring::Key& key, int64_t size) {
    const auto anchor_file = anchor_file_for(file);
    const Anchor anchor = TRY(read_anchor(anchor_file, key));
    if (anchor.state == Anchor::State::Invalid)
        return Error::invalid(fmt::format("the anchor file {} does not verify with this key file: {}",
                                          anchor_file.string(), refusal_advice()));
    if (size == 0) {
        if (anchor.state == Anchor::State::Valid && anchor.seq > 0)
            return Error::invalid(fmt::format("the processing log {} is empty but its anchor says {} records were "
                                              "written: {}",
                                              file.string(), anchor.seq, refusal_advice()));
        return ChainEnd{};
    }
    if (anchor.state == Anchor::State::Missing)
        return Error::invalid(fmt::format("the anchor file {} of the processing log is missing: {}",
                                          anchor_file.string(), refusal_advice()));

    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error::io(fmt::format("cannot read the processing log {}: {}", file.string(), std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};

    char last_byte = 0;
    if (::pread(fd, &last_byte, 1, size - 1) != 1)
        return Error::io(fmt::format("cannot read the processing log {}", file.string()));
    if (last_byte != '\n')
        return Error::invalid(fmt::format("the last line of the processing log {} is incomplete (a write was cut "
                                          "off): {}",
                                          file.string(), refusal_advice()));
    auto line = TRY(line_ending_at(fd, size));
    auto last = parse_line(line.text);
    if (!last)
        return Error::invalid(fmt::format("the last line of the processing log {} is broken: {}; {}", file.string(),
                                          last.error().message, refusal_advice()));
    if (record_hash(key, *last) != last->hash)
        return Error::invalid(fmt::format("the last record of the processing log {} does not verify with this key "
                                          "file (it was edited, or the key file is another): {}",
                                          file.string(), refusal_advice()));
    if (anchor.seq > last->seq)
        return Error::invalid(fmt::format("the processing log {} ends at record {} but its anchor says record {} "
                                          "was written: records were removed; {}",
                                          file.string(), last->seq, anchor.seq, refusal_advice()));
    // The records after the last flush come after the anchored one; walk back to it.
    if (anchor.seq > 0) {
        LogEntry at = *last;
        int64_t start = line.start;
        while (at.seq > anchor.seq && start > 0) {
            line = TRY(line_ending_at(fd, start));
            auto e = parse_line(line.text);
            if (!e) break;
            at = std::move(*e);
            start = line.start;
        }
        if (at.seq != anchor.seq || at.hash != anchor.hash)
            return Error::invalid(fmt::format("the processing log {} does not match its anchor file: {}",
                                              file.string(), refusal_advice()));
    }
    return ChainEnd{last->seq, last->hash};
}

bool is_lower_hex(std::string_view text) {
    return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_printable(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

bool is_code(std::string_view text) {
    return !text.empty() && text.size() <= 64 &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
}

// 2026-11-29T10:31:02.123Z
bool is_utc_millis(std::string_view t) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (t.size() != shape.size()) return false;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != shape[i]) return false;
    }
    return true;
}

// The checks name the field, never its value: a wrong value may be personal data.
Status check_entry(const LogEntry& e) {
    if (!is_utc_millis(e.time))
        return Error::invalid("processing log: the time is not UTC in RFC 3339 with milliseconds");
    if (!is_trace_id(e.trace_id)) return Error::invalid("processing log: the trace id is not 32 lowercase hex digits");
    if (!is_span_id(e.span_id)) return Error::invalid("processing log: the span id is not 16 lowercase hex digits");
    if (!e.parent_span_id.empty() && !is_span_id(e.parent_span_id))
        return Error::invalid("processing log: the parent span id is not 16 lowercase hex digits");
    if (e.actor.empty() || e.actor.size() > 200 || !is_printable(e.actor))
        return Error::invalid("processing log: the actor is empty, too long or holds control characters");
    if (!is_code(e.processing_activity))
        return Error::invalid("processing log: the processing activity is not a short code (a-z, 0-9, _ and -)");
    if (e.subject.size() > 128 || !is_lower_hex(e.subject))
        return Error::invalid("processing log: the data subject is not a pseudonym in lowercase hex");
    if (e.record.size() > 200 || !is_printable(e.record))
        return Error::invalid("processing log: the record is too long or holds control characters");
    return ok_status();
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// The records of the first `max_bytes` of a file (all of it when none) that
// match the query. A last line without its newline is being written: left out.
Result<std::vector<LogEntry>> read_records(const std::filesystem::path& file, const LogQuery& query,
                                           std::optional<int64_t> max_bytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::not_found(fmt::format("there is no processing log {}", file.string()));
    std::vector<LogEntry> out;
    std::string line;
    int64_t bytes = 0;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        bytes += static_cast<int64_t>(line.size()) + 1;
        if (in.eof() || (max_bytes && bytes > *max_bytes)) break;
        auto e = parse_line(line);
        if (!e)
            return Error::invalid(fmt::format("line {} of the processing log {} is broken ({}): run `grip log verify`",
                                              line_no, file.string(), e.error().message));
        if (e->seq <= query.after_seq) continue;
        if (!query.subject.empty() && e->subject != query.subject) continue;
        if (!query.actor.empty() && e->actor != query.actor) continue;
        if (!query.municipality.empty() &&
            (e->municipality.empty() ? query.municipality != query.home : e->municipality != query.municipality))
            continue;
        out.push_back(std::move(*e));
        if (query.limit > 0 && static_cast<int64_t>(out.size()) >= query.limit) break;
    }
    if (in.bad()) return Error::io(fmt::format("cannot read the processing log {}", file.string()));
    return out;
}

}  // namespace

std::filesystem::path processing_log_file_for(const std::string& store_location,
                                              const std::filesystem::path& key_file) {
    if (storage::is_server_url(store_location))
        return key_file.parent_path() / (storage::store_name(store_location) + ".processing-log.ndjson");
    return std::filesystem::path(store_location + ".processing-log.ndjson");
}

ProcessingLog::ProcessingLog(std::filesystem::path file, Keyring::Key key, Clock now, int fd)
    : file_(std::move(file)), key_(key), now_(std::move(now)), fd_(fd), last_hash_(kZeroHash) {}

ProcessingLog::~ProcessingLog() {
    if (fd_ < 0) return;
    // The server flushes at shutdown; this is for every other way out.
    if (last_seq_ > anchored_seq_ && anchored_seq_ >= 0) (void)flush();
    ::close(fd_);  // also releases the lock
    sodium_memzero(key_.data(), key_.size());
}

// A crash in the middle of an append leaves a last line without its line
// end. That line was never acknowledged (appends are acknowledged after the
// whole line is written, durable ones after fdatasync), and the anchor only
// names records that were on disk. When the log up to the last complete line
// verifies against the anchor, the torn bytes are moved to `<log>.torn` (for
// the data protection officer to see) and cut off, so that the server starts
// again; otherwise the log is refused as before.
static Result<int64_t> recover_torn_tail(const std::filesystem::path& file, int fd, const Keyring::Key& key, int64_t size) {
    if (size == 0) return size;
    const int rd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (rd < 0) return Error::io(fmt::format("cannot read the processing log {}: {}", file.string(), std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{rd};
    // Look back for the last line end, at most one line's length.
    constexpr int64_t kMaxLine = 64 * 1024;
    const int64_t from = std::max<int64_t>(0, size - kMaxLine);
    std::string tail(static_cast<size_t>(size - from), '\0');
    if (::pread(rd, tail.data(), tail.size(), from) != static_cast<ssize_t>(tail.size()))
        return Error::io(fmt::format("cannot read the processing log {}", file.string()));
    if (tail.back() == '\n') return size;
    const auto nl = tail.rfind('\n');
    if (nl == std::string::npos && from > 0) return size;  // no line end within reach: refused below
    const int64_t cut = nl == std::string::npos ? 0 : from + static_cast<int64_t>(nl) + 1;
    if (!find_chain_end(file, key, cut)) return size;  // the rest does not verify: refused below
    const auto torn_file = std::filesystem::path(file.string() + ".torn");
    const int out = ::open(torn_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (out < 0)
        return Error::io(fmt::format("cannot keep the torn end of the processing log in {}: {}", torn_file.string(),
                                     std::strerror(errno)));
    std::string torn = tail.substr(static_cast<size_t>(cut - from)) + "\n";
    auto kept = write_all(out, torn);
    const bool synced = kept && ::fsync(out) == 0;
    ::close(out);
    if (!synced) return Error::io(fmt::format("cannot keep the torn end of the processing log in {}", torn_file.string()));
    if (::ftruncate(fd, cut) != 0 || ::fdatasync(fd) != 0)
        return Error::io(fmt::format("cannot cut the torn end of the processing log {}: {}", file.string(),
                                     std::strerror(errno)));
    spdlog::warn("the processing log {} ended in an incomplete record (a write cut off by a crash); its {} bytes "
                 "were moved to {}",
                 file.string(), cut == size ? 0 : size - cut, torn_file.string());
    return cut;
}

Result<std::unique_ptr<ProcessingLog>> ProcessingLog::open(const std::filesystem::path& file, const Keyring& keys,
                                                           Clock now) {
    if (sodium_init() < 0) return Error::io("libsodium could not be initialised");
    std::error_code ec;
    const bool existed = std::filesystem::exists(file, ec);
    if (!existed && file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    // Mode 0600: the log holds pseudonyms and record ids.
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::io(fmt::format("cannot open the processing log {}: {}", file.string(), std::strerror(errno)));
    Clock clock = now ? std::move(now) : Clock(utc_now);
    std::unique_ptr<ProcessingLog> log(new ProcessingLog(file, keys.log_key(), std::move(clock), fd));
    TRY(keep_private(fd, file));
    // One writer per log: two would both continue the chain from the same record.
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return Error::conflict(fmt::format(
                "the processing log {} is in use by another Grip process; only one may write it at a time",
                file.string()));
        return Error::io(fmt::format("cannot lock the processing log {}: {}", file.string(), std::strerror(errno)));
    }
    if (!existed) TRY(sync_directory(file));
    struct stat st{};
    if (::fstat(fd, &st) != 0)
        return Error::io(fmt::format("cannot read the processing log {}: {}", file.string(), std::strerror(errno)));
    const int64_t size = TRY(recover_torn_tail(file, fd, log->key_, st.st_size));
    const ChainEnd end = TRY(find_chain_end(file, log->key_, size));
    log->last_seq_ = end.seq;
    log->last_hash_ = end.hash;
    log->size_ = size;
    // Writes the anchor at once, so that a log with records always has one.
    TRY(log->flush());
    return log;
}

int64_t ProcessingLog::last_seq() const {
    std::lock_guard lock(mutex_);
    return last_seq_;
}

Status ProcessingLog::append(LogEntry entry, Durability durability) {
    if (entry.trace_id.empty()) entry.trace_id = new_trace_id();
    if (entry.span_id.empty()) entry.span_id = new_span_id();
    int64_t seq = 0;
    {
        std::lock_guard lock(mutex_);
        if (failed_)
            return Error::io(fmt::format("the processing log {} could not be written earlier and is closed for "
                                         "writing",
                                         file_.string()));
        if (entry.time.empty()) entry.time = now_();
        TRY(check_entry(entry));
        entry.seq = last_seq_ + 1;
        entry.prev = last_hash_;
        entry.hash = record_hash(key_, entry);
        const std::string line = to_line(entry);
        // One write of a whole line to an O_APPEND file; when the disk refuses
        // part of it, the part is cut off again so the chain stays whole.
        if (auto written = write_all(fd_, line); !written) {
            if (::ftruncate(fd_, size_) != 0) failed_ = true;
            return Error::io(fmt::format("cannot write the processing log {}: {}", file_.string(),
                                         written.error().message));
        }
        size_ += static_cast<int64_t>(line.size());
        last_seq_ = entry.seq;
        last_hash_ = entry.hash;
        seq = entry.seq;
    }
    if (durability == Durability::Now) return flush_through(seq);
    return ok_status();
}

Status ProcessingLog::flush() { return flush_through(last_seq()); }

// Several threads may ask at once; one fdatasync covers them all (a thread
// whose record is already anchored returns at once).
Status ProcessingLog::flush_through(int64_t seq) {
    std::lock_guard flush_lock(flush_mutex_);
    if (anchored_seq_ >= seq) return ok_status();
    int64_t end_seq = 0;
    std::string end_hash;
    {
        std::lock_guard lock(mutex_);
        end_seq = last_seq_;
        end_hash = last_hash_;
    }
    // Everything up to end_seq was written before we looked, so this syncs it.
    if (::fdatasync(fd_) != 0)
        return Error::io(fmt::format("cannot sync the processing log {}: {}", file_.string(), std::strerror(errno)));
    TRY(write_anchor(anchor_file_for(file_), key_, end_seq, end_hash));
    anchored_seq_ = end_seq;
    return ok_status();
}

Result<std::vector<LogEntry>> ProcessingLog::read(const LogQuery& query) const {
    int64_t size = 0;
    {
        std::lock_guard lock(mutex_);
        size = size_;
    }
    return read_records(file_, query, size);
}

Result<std::vector<LogEntry>> read_log(const std::filesystem::path& file, const LogQuery& query) {
    return read_records(file, query, std::nullopt);
}

}  // namespace grip::privacy
