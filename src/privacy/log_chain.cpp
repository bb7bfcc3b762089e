#include "privacy/log_chain.h"

#include "common/private_file.h"

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
#include <sodium.h>
#include <spdlog/spdlog.h>

namespace grip::privacy {
namespace {

using log_format::Anchor;
using log_format::kMaxLineBytes;
using log_format::kZeroHash;
using log_format::sync_directory;
using log_format::write_all;

// --- reading the end of the log backwards ---

struct TailLine {
    int64_t start = 0;  // offset of its first byte
    std::string text;   // without the newline
};

// The line whose newline is the byte before `end`.
Result<TailLine> line_ending_at(const ChainKind& kind, int fd, int64_t end) {
    TailLine line;
    std::array<char, 8192> buf{};
    int64_t pos = end - 1;  // the newline itself is left out
    while (pos > 0) {
        const int64_t n = std::min<int64_t>(static_cast<int64_t>(buf.size()), pos);
        if (::pread(fd, buf.data(), static_cast<size_t>(n), pos - n) != n)
            return Error::io(fmt::format("cannot read the end of the {}", kind.name));
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
            return Error::invalid(fmt::format("the {} ends in a line far longer than any record", kind.name));
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

struct Fd {
    int fd;
    ~Fd() { ::close(fd); }
};

// Where an existing log's chain ends, after checking its last line and its anchor.
Result<ChainEnd> find_chain_end(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key,
                                int64_t size) {
    const auto anchor_file = anchor_file_for(file);
    const Anchor anchor = TRY(log_format::read_anchor(kind, anchor_file, key));
    if (anchor.state == Anchor::State::Invalid)
        return Error::invalid(fmt::format("the anchor file {} does not verify with this key file: {}",
                                          anchor_file.string(), refusal_advice()));
    if (size == 0) {
        if (anchor.state == Anchor::State::Valid && anchor.seq > 0)
            return Error::invalid(fmt::format("the {} {} is empty but its anchor says {} records were written: {}",
                                              kind.name, file.string(), anchor.seq, refusal_advice()));
        return ChainEnd{};
    }
    if (anchor.state == Anchor::State::Missing)
        return Error::invalid(fmt::format("the anchor file {} of the {} is missing: {}", anchor_file.string(),
                                          kind.name, refusal_advice()));

    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error::io(fmt::format("cannot read the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
    Fd closer{fd};

    char last_byte = 0;
    if (::pread(fd, &last_byte, 1, size - 1) != 1)
        return Error::io(fmt::format("cannot read the {} {}", kind.name, file.string()));
    if (last_byte != '\n')
        return Error::invalid(fmt::format("the last line of the {} {} is incomplete (a write was cut off): {}",
                                          kind.name, file.string(), refusal_advice()));
    auto line = TRY(line_ending_at(kind, fd, size));
    auto last = log_format::parse_line(kind, line.text);
    if (!last)
        return Error::invalid(fmt::format("the last line of the {} {} is broken: {}; {}", kind.name, file.string(),
                                          last.error().message, refusal_advice()));
    if (log_format::record_hash(kind, key, *last) != last->hash)
        return Error::invalid(
            fmt::format("the last record of the {} {} does not verify with this key file (it was "
                        "edited, or the key file is another): {}",
                        kind.name, file.string(), refusal_advice()));
    if (anchor.seq > last->seq)
        return Error::invalid(
            fmt::format("the {} {} ends at record {} but its anchor says record {} was written: "
                        "records were removed; {}",
                        kind.name, file.string(), last->seq, anchor.seq, refusal_advice()));
    // The records after the last flush come after the anchored one; walk back to it.
    if (anchor.seq > 0) {
        ChainRecord at = *last;
        int64_t start = line.start;
        while (at.seq > anchor.seq && start > 0) {
            line = TRY(line_ending_at(kind, fd, start));
            auto e = log_format::parse_line(kind, line.text);
            if (!e) break;
            at = std::move(*e);
            start = line.start;
        }
        if (at.seq != anchor.seq || at.hash != anchor.hash)
            return Error::invalid(fmt::format("the {} {} does not match its anchor file: {}", kind.name, file.string(),
                                              refusal_advice()));
    }
    return ChainEnd{last->seq, last->hash};
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

// A crash in the middle of an append leaves a last line without its line
// end. That line was never acknowledged (appends are acknowledged after the
// whole line is written, durable ones after fdatasync), and the anchor only
// names records that were on disk. When the log up to the last complete line
// verifies against the anchor, the torn bytes are moved to `<log>.torn` (for
// the data protection officer to see) and cut off, so that the server starts
// again; otherwise the log is refused as before.
Result<int64_t> recover_torn_tail(const ChainKind& kind, const std::filesystem::path& file, int fd,
                                  const Keyring::Key& key, int64_t size) {
    if (size == 0) return size;
    const int rd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (rd < 0)
        return Error::io(fmt::format("cannot read the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
    Fd closer{rd};
    // Look back for the last line end, at most one line's length.
    const int64_t from = std::max<int64_t>(0, size - kMaxLineBytes);
    std::string tail(static_cast<size_t>(size - from), '\0');
    if (::pread(rd, tail.data(), tail.size(), from) != static_cast<ssize_t>(tail.size()))
        return Error::io(fmt::format("cannot read the {} {}", kind.name, file.string()));
    if (tail.back() == '\n') return size;
    const auto nl = tail.rfind('\n');
    if (nl == std::string::npos && from > 0) return size;  // no line end within reach: refused below
    const int64_t cut = nl == std::string::npos ? 0 : from + static_cast<int64_t>(nl) + 1;
    if (!find_chain_end(kind, file, key, cut)) return size;  // the rest does not verify: refused below
    const auto torn_file = std::filesystem::path(file.string() + ".torn");
    const int out = ::open(torn_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (out < 0)
        return Error::io(fmt::format("cannot keep the torn end of the {} in {}: {}", kind.name, torn_file.string(),
                                     std::strerror(errno)));
    std::string torn = tail.substr(static_cast<size_t>(cut - from)) + "\n";
    auto kept = write_all(out, torn);
    const bool synced = kept && ::fsync(out) == 0;
    ::close(out);
    if (!synced)
        return Error::io(fmt::format("cannot keep the torn end of the {} in {}", kind.name, torn_file.string()));
    if (::ftruncate(fd, cut) != 0 || ::fdatasync(fd) != 0)
        return Error::io(
            fmt::format("cannot cut the torn end of the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
    spdlog::warn("the {} {} ended in an incomplete record (a write cut off by a crash); its {} bytes were moved to {}",
                 kind.name, file.string(), cut == size ? 0 : size - cut, torn_file.string());
    return cut;
}

// Holds a shared log's lock (PerAppend, Shared) for a scope.
class FileLock {
public:
    FileLock(int fd, bool take) : fd_(take ? fd : -1) {
        if (fd_ >= 0)
            while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
            }
    }
    ~FileLock() {
        if (fd_ >= 0) ::flock(fd_, LOCK_UN);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_;
};

}  // namespace

std::filesystem::path anchor_file_for(const std::filesystem::path& log_file) {
    std::filesystem::path p = log_file;
    p += ".anchor";
    return p;
}

std::filesystem::path checkpoint_file_for(const std::filesystem::path& log_file) {
    std::filesystem::path p = log_file;
    p += ".checkpoint";
    return p;
}

ChainLog::ChainLog(const ChainKind& kind, std::filesystem::path file, Keyring::Key key, Sharing sharing, Clock now,
                   int fd)
    : kind_(kind), file_(std::move(file)), key_(key), sharing_(sharing), now_(std::move(now)), fd_(fd),
      last_hash_(kZeroHash) {}

ChainLog::~ChainLog() {
    if (fd_ < 0) return;
    // The server flushes at shutdown; this is for every other way out.
    if (last_seq_ > anchored_seq_ && anchored_seq_ >= 0) (void)flush();
    ::close(fd_);  // also releases the lock
    sodium_memzero(key_.data(), key_.size());
}

Result<std::unique_ptr<ChainLog>> ChainLog::open(const ChainKind& kind, const std::filesystem::path& file,
                                                 const Keyring::Key& key, Sharing sharing, Clock now) {
    if (sodium_init() < 0) return Error::io("libsodium could not be initialised");
    std::error_code ec;
    const bool existed = std::filesystem::exists(file, ec);
    if (!existed && file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    // Mode 0600: the logs hold pseudonyms, record ids and user names.
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::io(fmt::format("cannot open the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
    Clock clock = now ? std::move(now) : Clock(utc_now);
    std::unique_ptr<ChainLog> log(new ChainLog(kind, file, key, sharing, std::move(clock), fd));
    // A log made by an earlier Grip, or copied in, may be wider: tightened.
    TRY(keep_private(fd, file));
    if (sharing == Sharing::Exclusive) {
        // One writer per log: two would both continue the chain from the same record.
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK)
                return Error::conflict(
                    fmt::format("the {} {} is in use by another Grip process; only one may write it at a time",
                                kind.name, file.string()));
            return Error::io(fmt::format("cannot lock the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
        }
    }
    FileLock lock(fd, sharing != Sharing::Exclusive);
    if (!existed) TRY(sync_directory(file));
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return Error::io(fmt::format("cannot read the {} {}: {}", kind.name, file.string(), std::strerror(errno)));
    const int64_t size = TRY(recover_torn_tail(kind, file, fd, log->key_, st.st_size));
    const ChainEnd end = TRY(find_chain_end(kind, file, log->key_, size));
    log->last_seq_ = end.seq;
    log->last_hash_ = end.hash;
    log->size_ = size;

    // What was written since the last check is checked now: a log that was
    // tampered with while the server was down is not written on.
    const auto checkpoint_file = checkpoint_file_for(file);
    Anchor checkpoint = TRY(log_format::read_checkpoint(kind, checkpoint_file, log->key_));
    if (checkpoint.state == Anchor::State::Invalid)
        return Error::invalid(
            fmt::format("the checkpoint file {} of the {} does not verify with this key file: the "
                        "{} may have been tampered with. Investigate with `grip log verify`",
                        checkpoint_file.string(), kind.name, kind.name));
    VerifyOptions options;
    if (checkpoint.state == Anchor::State::Valid) options.from = checkpoint;
    const VerifyReport report = TRY(verify_chain(kind, file, log->key_, options));
    if (!report.ok) return Error::invalid(broken_chain_message(kind, file, report));
    log->checkpoint_ = checkpoint.state == Anchor::State::Valid ? checkpoint : Anchor{};
    // Writes the anchor at once, so that a log with records always has one;
    // and the checkpoint only after it, so it never names a record a power
    // cut could still take away.
    TRY(log->flush());
    if (report.end.seq > log->checkpoint_.seq) {
        TRY(log_format::write_checkpoint(kind, checkpoint_file, log->key_, report.end));
        log->checkpoint_ = report.end;
    }
    return log;
}

int64_t ChainLog::last_seq() const {
    std::lock_guard lock(mutex_);
    return last_seq_;
}

int64_t ChainLog::size() const {
    std::lock_guard lock(mutex_);
    return size_;
}

Status ChainLog::catch_up() {
    struct stat st {};
    if (::fstat(fd_, &st) != 0)
        return Error::io(fmt::format("cannot read the {} {}: {}", kind_.name, file_.string(), std::strerror(errno)));
    if (st.st_size == size_) return ok_status();
    const ChainEnd end = TRY(find_chain_end(kind_, file_, key_, st.st_size));
    last_seq_ = end.seq;
    last_hash_ = end.hash;
    size_ = st.st_size;
    return ok_status();
}

Result<int64_t> ChainLog::append(ChainRecord record, Durability durability,
                                 const std::function<Status(const ChainRecord&)>& check) {
    std::vector<ChainRecord> one;
    one.push_back(std::move(record));
    return append_all(std::move(one), durability, check);
}

Result<int64_t> ChainLog::append_all(std::vector<ChainRecord> records, Durability durability,
                                     const std::function<Status(const ChainRecord&)>& check) {
    if (sharing_ == Sharing::PerAppend) durability = Durability::Now;
    int64_t seq = 0;
    {
        std::lock_guard lock(mutex_);
        if (records.empty()) return last_seq_;
        FileLock file_lock(fd_, sharing_ != Sharing::Exclusive);
        if (failed_)
            return Error::io(fmt::format("the {} {} could not be written earlier and is closed for writing", kind_.name,
                                         file_.string()));
        if (sharing_ != Sharing::Exclusive) TRY(catch_up());
        // Every record is checked before any is written: a batch is written whole or not at all.
        std::string now;
        for (auto& record : records) {
            record.values.resize(kind_.fields.size());
            if (record.values[0].empty()) {
                if (now.empty()) now = now_();
                record.values[0] = now;
            }
            if (check) TRY(check(record));
        }
        std::string lines;
        int64_t next_seq = last_seq_;
        std::string next_hash = last_hash_;
        for (size_t i = 0; i < records.size(); ++i) {
            auto& record = records[i];
            record.seq = ++next_seq;
            record.prev = std::move(next_hash);
            record.hash = log_format::record_hash(kind_, key_, record);
            next_hash = record.hash;
            lines += log_format::to_line(kind_, record);
            // The first line tells about how long the batch's lines are: one
            // allocation for them all rather than a doubling now and then.
            if (i == 0) lines.reserve(lines.size() * (records.size() + 1));
        }
        // One write of whole lines to an O_APPEND file; when the disk refuses
        // part of it, the part is cut off again so the chain stays whole.
        if (auto written = write_all(fd_, lines); !written) {
            if (::ftruncate(fd_, size_) != 0) failed_ = true;
            return Error::io(
                fmt::format("cannot write the {} {}: {}", kind_.name, file_.string(), written.error().message));
        }
        appends_.fetch_add(1, std::memory_order_relaxed);
        size_ += static_cast<int64_t>(lines.size());
        last_seq_ = next_seq;
        last_hash_ = std::move(next_hash);
        seq = last_seq_;
        // Another process continues from this record only once it is anchored.
        if (sharing_ == Sharing::PerAppend) {
            if (::fdatasync(fd_) != 0)
                return Error::io(
                    fmt::format("cannot sync the {} {}: {}", kind_.name, file_.string(), std::strerror(errno)));
            TRY(log_format::write_anchor(kind_, anchor_file_for(file_), key_, seq, last_hash_));
            return seq;
        }
    }
    if (durability == Durability::Now) TRY(flush_through(seq));
    return seq;
}

Status ChainLog::flush() { return flush_through(last_seq()); }

// Several threads may ask at once; one fdatasync covers them all (a thread
// whose record is already anchored returns at once).
Status ChainLog::flush_through(int64_t seq) {
    if (sharing_ == Sharing::PerAppend) return ok_status();  // each append was flushed and anchored
    std::lock_guard flush_lock(flush_mutex_);
    if (anchored_seq_ >= seq) return ok_status();
    int64_t end_seq = 0;
    std::string end_hash;
    {
        std::lock_guard lock(mutex_);
        // A shared log's end may be another process's record: the anchor
        // names the file's end, which the sync below covers whoever wrote it.
        FileLock file_lock(fd_, sharing_ == Sharing::Shared);
        if (sharing_ == Sharing::Shared) TRY(catch_up());
        end_seq = last_seq_;
        end_hash = last_hash_;
    }
    // Everything up to end_seq was written before we looked, so this syncs it.
    if (::fdatasync(fd_) != 0)
        return Error::io(fmt::format("cannot sync the {} {}: {}", kind_.name, file_.string(), std::strerror(errno)));
    TRY(log_format::write_anchor(kind_, anchor_file_for(file_), key_, end_seq, end_hash));
    anchored_seq_ = end_seq;
    return ok_status();
}

Status ChainLog::check() {
    std::lock_guard check_lock(check_mutex_);
    // What is checked is on disk first: the checkpoint never names a record
    // a power cut could still take away.
    const int64_t checked_bytes = size();
    TRY(flush());
    VerifyOptions options;
    if (checkpoint_.seq > 0) options.from = checkpoint_;
    options.max_bytes = checked_bytes;
    const VerifyReport report = TRY(verify_chain(kind_, file_, key_, options));
    if (!report.ok) return Error::invalid(broken_chain_message(kind_, file_, report));
    if (report.end.seq > checkpoint_.seq) {
        TRY(log_format::write_checkpoint(kind_, checkpoint_file_for(file_), key_, report.end));
        checkpoint_ = report.end;
    }
    return ok_status();
}

Status read_chain(const ChainKind& kind, const std::filesystem::path& file, std::optional<int64_t> max_bytes,
                  int64_t after_seq, const std::function<bool(ChainRecord&&)>& take) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::not_found(fmt::format("there is no {} {}", kind.name, file.string()));
    std::string line;
    int64_t bytes = 0;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        bytes += static_cast<int64_t>(line.size()) + 1;
        if (in.eof() || (max_bytes && bytes > *max_bytes)) break;
        auto e = log_format::parse_line(kind, line);
        if (!e)
            return Error::invalid(fmt::format("line {} of the {} {} is broken ({}): run `grip log verify`", line_no,
                                              kind.name, file.string(), e.error().message));
        if (e->seq <= after_seq) continue;
        if (!take(std::move(*e))) break;
    }
    if (in.bad()) return Error::io(fmt::format("cannot read the {} {}", kind.name, file.string()));
    return ok_status();
}

}  // namespace grip::privacy
