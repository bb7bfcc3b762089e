#include "privacy/processing_log.h"

#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "privacy/log_checks.h"
#include "privacy/security_log.h"
#include "privacy/trace_context.h"
#include "storage/location.h"

namespace grip::privacy {
namespace {

// The fields of a record between seq and prev, in the order they are written
// and hashed; `municipality` is written only when set, so the records of
// logs from before there were several municipalities keep their hashes.
enum Field : size_t {
    kTime,
    kTraceId,
    kSpanId,
    kParentSpanId,
    kActor,
    kAction,
    kProcessingActivity,
    kDataSubject,
    kRecord,
    kMunicipality,
    kResult,
};

// By value: a delivery's entries are moved in, their texts taken rather
// than copied (a record per entry); a caller that keeps its entry copies it.
ChainRecord to_record(LogEntry e) {
    ChainRecord r;
    r.seq = e.seq;
    r.values.reserve(kResult + 1);
    for (std::string* v : {&e.time, &e.trace_id, &e.span_id, &e.parent_span_id, &e.actor})
        r.values.push_back(std::move(*v));
    r.values.emplace_back(to_text(e.action));
    r.values.push_back(std::move(e.processing_activity));
    r.values.push_back(std::move(e.subject));
    r.values.push_back(std::move(e.record));
    r.values.push_back(std::move(e.municipality));
    r.values.emplace_back(to_text(e.result));
    r.prev = std::move(e.prev);
    r.hash = std::move(e.hash);
    return r;
}

Result<LogEntry> to_entry(ChainRecord&& r) {
    LogEntry e;
    e.seq = r.seq;
    auto& v = r.values;
    e.time = std::move(v[kTime]);
    e.trace_id = std::move(v[kTraceId]);
    e.span_id = std::move(v[kSpanId]);
    e.parent_span_id = std::move(v[kParentSpanId]);
    e.actor = std::move(v[kActor]);
    const auto action = parse_log_action(v[kAction]);
    if (!action) return Error::invalid("the line's action is not one the log writes");
    e.action = *action;
    e.processing_activity = std::move(v[kProcessingActivity]);
    e.subject = std::move(v[kDataSubject]);
    e.record = std::move(v[kRecord]);
    e.municipality = std::move(v[kMunicipality]);
    const auto result = parse_log_result(v[kResult]);
    if (!result) return Error::invalid("the line's result is not one the log writes");
    e.result = *result;
    e.prev = std::move(r.prev);
    e.hash = std::move(r.hash);
    return e;
}

// The checks name the field, never its value: a wrong value may be personal data.
Status check_entry(const LogEntry& e) {
    using namespace log_checks;
    if (!e.time.empty() && !is_utc_millis(e.time))
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

Status check_time(const ChainRecord& r) {
    if (!log_checks::is_utc_millis(r.values[kTime]))
        return Error::invalid("processing log: the time is not UTC in RFC 3339 with milliseconds");
    return ok_status();
}

// The records of the first `max_bytes` of a file (all of it when none) that
// match the query.
Result<std::vector<LogEntry>> read_entries(const std::filesystem::path& file, std::optional<int64_t> max_bytes,
                                           const LogQuery& query) {
    std::vector<LogEntry> out;
    Status failed = ok_status();
    TRY(read_chain(processing_log_kind(), file, max_bytes, query.after_seq, [&](ChainRecord&& r) {
        auto e = to_entry(std::move(r));
        if (!e) {
            failed = e.error();
            return false;
        }
        if (!query.subject.empty() && e->subject != query.subject) return true;
        if (!query.actor.empty() && e->actor != query.actor) return true;
        if (!query.municipality.empty() &&
            (e->municipality.empty() ? query.municipality != query.home : e->municipality != query.municipality))
            return true;
        out.push_back(std::move(*e));
        return !(query.limit > 0 && static_cast<int64_t>(out.size()) >= query.limit);
    }));
    TRY(failed);
    return out;
}

int64_t steady_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

const ChainKind& processing_log_kind() {
    static const ChainKind kind{"processing log",
                                "grip processing log record v1",
                                "grip processing log anchor v1",
                                {{"time"},
                                 {"trace_id"},
                                 {"span_id"},
                                 {"parent_span_id"},
                                 {"actor"},
                                 {"action"},
                                 {"processing_activity"},
                                 {"data_subject"},
                                 {"record"},
                                 {"municipality", true},
                                 {"result"}}};
    return kind;
}

std::filesystem::path processing_log_file_for(const std::string& store_location,
                                              const std::filesystem::path& key_file) {
    if (storage::is_server_url(store_location))
        return key_file.parent_path() / (storage::store_name(store_location) + ".processing-log.ndjson");
    return std::filesystem::path(store_location + ".processing-log.ndjson");
}

Result<std::unique_ptr<ProcessingLog>> ProcessingLog::open(const std::filesystem::path& file, const Keyring& keys,
                                                           const Clock& now, ChainCheckSchedule schedule) {
    std::unique_ptr<ProcessingLog> log(new ProcessingLog());
    log->chain_ = TRY(ChainLog::open(processing_log_kind(), file, keys.log_key(), Sharing::Shared, now));
    log->security_ = TRY(SecurityLog::open(security_log_file_for(file), keys, now));
    if (!schedule.now) schedule.now = steady_seconds;
    log->schedule_ = std::move(schedule);
    log->next_check_ = log->schedule_.now() + log->schedule_.interval;
    register_server_security_log(log->security_.get());
    return log;
}

ProcessingLog::~ProcessingLog() {
    if (security_) unregister_server_security_log(security_.get());
}

Status ProcessingLog::append(LogEntry entry, Durability durability) {
    if (entry.trace_id.empty()) entry.trace_id = new_trace_id();
    if (entry.span_id.empty()) entry.span_id = new_span_id();
    TRY(check_entry(entry));
    TRY(chain_->append(to_record(entry), durability, check_time));
    return ok_status();
}

Status ProcessingLog::append_all(std::vector<LogEntry> entries, Durability durability) {
    std::vector<ChainRecord> records;
    records.reserve(entries.size());
    for (auto& entry : entries) {
        if (entry.trace_id.empty()) entry.trace_id = new_trace_id();
        if (entry.span_id.empty()) entry.span_id = new_span_id();
        TRY(check_entry(entry));
        records.push_back(to_record(std::move(entry)));
    }
    if (records.empty()) return ok_status();
    TRY(chain_->append_all(std::move(records), durability, check_time));
    return ok_status();
}

Status ProcessingLog::flush() {
    TRY(chain_->flush());
    bool due = false;
    {
        std::lock_guard lock(schedule_mutex_);
        const int64_t now = schedule_.now();
        if (now >= next_check_) {
            due = true;
            next_check_ = now + schedule_.interval;
        }
    }
    if (due) return check_chains();
    return ok_status();
}

Status ProcessingLog::check_chains() {
    auto processing = chain_->check();
    auto security = security_->check();
    for (const Status* s : {&processing, &security})
        if (!*s) spdlog::critical("{}", s->error().message);
    if (!processing) return processing;
    return security;
}

Result<std::vector<LogEntry>> ProcessingLog::read(const LogQuery& query) const {
    return read_entries(chain_->file(), chain_->size(), query);
}

Result<std::vector<LogEntry>> read_log(const std::filesystem::path& file, const LogQuery& query) {
    return read_entries(file, std::nullopt, query);
}

std::string to_json(const LogEntry& entry) { return log_format::to_json(processing_log_kind(), to_record(entry)); }

Result<VerifyReport> verify_log(const std::filesystem::path& file, const Keyring& keys) {
    return verify_chain(processing_log_kind(), file, keys.log_key());
}

std::string_view to_text(LogAction action) {
    switch (action) {
        case LogAction::Read: return "read";
        case LogAction::Create: return "create";
        case LogAction::Update: return "update";
        case LogAction::Withdraw: return "withdraw";
        case LogAction::Search: return "search";
        case LogAction::Export: return "export";
        case LogAction::List: return "list";
        case LogAction::Erase: return "erase";
    }
    return "read";
}

std::string_view to_text(LogResult result) {
    switch (result) {
        case LogResult::Ok: return "ok";
        case LogResult::Denied: return "denied";
        case LogResult::NotFound: return "not_found";
        case LogResult::Error: return "error";
    }
    return "error";
}

std::optional<LogAction> parse_log_action(std::string_view text) {
    for (const auto a : {LogAction::Read, LogAction::Create, LogAction::Update, LogAction::Withdraw, LogAction::Search,
                         LogAction::Export, LogAction::List, LogAction::Erase})
        if (to_text(a) == text) return a;
    return std::nullopt;
}

std::optional<LogResult> parse_log_result(std::string_view text) {
    for (const auto r : {LogResult::Ok, LogResult::Denied, LogResult::NotFound, LogResult::Error})
        if (to_text(r) == text) return r;
    return std::nullopt;
}

}  // namespace grip::privacy
