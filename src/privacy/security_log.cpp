#include "privacy/security_log.h"

#include <cctype>
#include <mutex>

#include <fmt/format.h>

#include "privacy/log_checks.h"
#include "privacy/trace_context.h"

namespace grip::privacy {
namespace {

// The columns of a line of the security log.
struct SecurityColumn {
    enum : size_t { kTime, kTraceId, kActor, kEvent, kResult, kTarget, kDetail, kClient, kMunicipality };
};

ChainRecord chain_record_of(const SecurityEntry& e) {
    ChainRecord r;
    r.seq = e.seq;
    r.values = {
        e.time,   e.trace_id, e.actor,       std::string(to_text(e.event)), std::string(to_text(e.result)), e.target,
        e.detail, e.client,   e.municipality};
    r.prev = e.prev;
    r.hash = e.hash;
    return r;
}

Result<SecurityEntry> security_entry_of(ChainRecord&& r) {
    auto& v = r.values;
    SecurityEntry e;
    e.seq = r.seq;
    e.time = std::move(v[SecurityColumn::kTime]);
    e.trace_id = std::move(v[SecurityColumn::kTraceId]);
    e.actor = std::move(v[SecurityColumn::kActor]);
    const auto event = parse_security_event(v[SecurityColumn::kEvent]);
    if (!event) return Error::invalid("the line's event is not one the security log writes");
    e.event = *event;
    const auto result = parse_security_result(v[SecurityColumn::kResult]);
    if (!result) return Error::invalid("the line's result is not one the security log writes");
    e.result = *result;
    e.target = std::move(v[SecurityColumn::kTarget]);
    e.detail = std::move(v[SecurityColumn::kDetail]);
    e.client = std::move(v[SecurityColumn::kClient]);
    e.municipality = std::move(v[SecurityColumn::kMunicipality]);
    e.prev = std::move(r.prev);
    e.hash = std::move(r.hash);
    return e;
}

bool token_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

Status check_entry_time(const ChainRecord& r) {
    if (!log_checks::is_utc_millis(r.values[SecurityColumn::kTime]))
        return Error::invalid("security log: the time is not UTC in RFC 3339 with milliseconds");
    return ok_status();
}

bool matches(const SecurityQuery& q, const SecurityEntry& e) {
    if (!q.actor.empty() && e.actor != q.actor) return false;
    if (!q.target.empty() && e.target != q.target) return false;
    if (q.event && e.event != *q.event) return false;
    if (q.result && e.result != *q.result) return false;
    if (!q.since.empty() && e.time < q.since) return false;
    if (!q.municipality.empty() &&
        (e.municipality.empty() ? q.municipality != q.home : e.municipality != q.municipality))
        return false;
    return true;
}

Result<std::vector<SecurityEntry>> read_security_entries(const std::filesystem::path& file,
                                                         const SecurityQuery& query) {
    std::vector<SecurityEntry> out;
    Status failed = ok_status();
    TRY(read_chain(security_log_kind(), file, std::nullopt, query.after_seq, [&](ChainRecord&& r) {
        auto e = security_entry_of(std::move(r));
        if (!e) {
            failed = e.error();
            return false;
        }
        if (!matches(query, *e)) return true;
        out.push_back(std::move(*e));
        return !(query.limit > 0 && static_cast<int64_t>(out.size()) >= query.limit);
    }));
    TRY(failed);
    return out;
}

std::mutex server_log_mutex;
SecurityLog* server_log = nullptr;

}  // namespace

void register_server_security_log(SecurityLog* log) {
    std::lock_guard lock(server_log_mutex);
    server_log = log;
}

void unregister_server_security_log(SecurityLog* log) {
    std::lock_guard lock(server_log_mutex);
    if (server_log == log) server_log = nullptr;
}

Status record_server_security_event(SecurityEntry entry) {
    std::lock_guard lock(server_log_mutex);
    if (!server_log) return ok_status();
    return server_log->append(std::move(entry));
}

const ChainKind& security_log_kind() {
    static const ChainKind kind{"security log",
                                "grip security log record v1",
                                "grip security log anchor v1",
                                {{"time"},
                                 {"trace_id"},
                                 {"actor"},
                                 {"event"},
                                 {"result"},
                                 {"target"},
                                 {"detail"},
                                 {"client"},
                                 {"municipality"}}};
    return kind;
}

std::string withhold_secrets(std::string_view value) {
    if (value.size() > 200 || !log_checks::is_printable(value)) return std::string(kWithheld);
    size_t digits = 0;
    size_t token = 0;
    for (const char c : value) {
        digits = std::isdigit(static_cast<unsigned char>(c)) ? digits + 1 : 0;
        token = token_char(c) ? token + 1 : 0;
        // Nine digits is a BSN's length; a session or API token is 43
        // characters of base64url, a user name at most 64 with dots between.
        if (digits >= 9 || token >= 32) return std::string(kWithheld);
    }
    return std::string(value);
}

Result<std::unique_ptr<SecurityLog>> SecurityLog::open(const std::filesystem::path& file, const Keyring& keys,
                                                       ChainLog::Clock now) {
    auto chain = TRY(ChainLog::open(security_log_kind(), file, keys.log_key(), Sharing::PerAppend, std::move(now)));
    return std::unique_ptr<SecurityLog>(new SecurityLog(std::move(chain)));
}

Status SecurityLog::append(SecurityEntry e) {
    if (e.trace_id.empty() || !is_trace_id(e.trace_id)) e.trace_id = new_trace_id();
    e.actor = e.actor.empty() ? std::string("-") : withhold_secrets(e.actor);
    e.target = withhold_secrets(e.target);
    e.detail = withhold_secrets(e.detail);
    e.client = withhold_secrets(e.client);
    e.municipality = withhold_secrets(e.municipality);
    if (!e.time.empty() && !log_checks::is_utc_millis(e.time))
        return Error::invalid("security log: the time is not UTC in RFC 3339 with milliseconds");
    TRY(chain_->append(chain_record_of(e), Durability::Now, check_entry_time));
    return ok_status();
}

Result<std::vector<SecurityEntry>> SecurityLog::read(const SecurityQuery& query) const {
    return read_security_entries(chain_->file(), query);
}

Result<std::vector<SecurityEntry>> read_security_log(const std::filesystem::path& file, const SecurityQuery& query) {
    return read_security_entries(file, query);
}

Result<VerifyReport> verify_security_log(const std::filesystem::path& file, const Keyring& keys) {
    return verify_chain(security_log_kind(), file, keys.log_key());
}

std::string to_json(const SecurityEntry& entry) {
    return log_format::to_json(security_log_kind(), chain_record_of(entry));
}

std::filesystem::path security_log_file_for(const std::filesystem::path& processing_log_file) {
    constexpr std::string_view suffix = "processing-log.ndjson";
    const std::string name = processing_log_file.filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix))
        return processing_log_file.parent_path() /
               (name.substr(0, name.size() - suffix.size()) + "security-log.ndjson");
    return std::filesystem::path(processing_log_file.string() + ".security-log.ndjson");
}

std::string_view to_text(SecurityEvent event) {
    switch (event) {
        case SecurityEvent::SignIn: return "sign_in";
        case SecurityEvent::SignOut: return "sign_out";
        case SecurityEvent::SessionExpired: return "session_expired";
        case SecurityEvent::UserCreated: return "user_created";
        case SecurityEvent::UserChanged: return "user_changed";
        case SecurityEvent::UserDisabled: return "user_disabled";
        case SecurityEvent::TokenCreated: return "token_created";
        case SecurityEvent::TokenRevoked: return "token_revoked";
        case SecurityEvent::RoleGranted: return "role_granted";
        case SecurityEvent::CatalogueChanged: return "catalogue_changed";
        case SecurityEvent::KeyOperation: return "key_operation";
    }
    return "sign_in";
}

std::string_view to_text(SecurityResult result) {
    switch (result) {
        case SecurityResult::Ok: return "ok";
        case SecurityResult::Failed: return "failed";
        case SecurityResult::Throttled: return "throttled";
        case SecurityResult::Denied: return "denied";
    }
    return "failed";
}

std::optional<SecurityEvent> parse_security_event(std::string_view text) {
    for (const auto e : kSecurityEvents)
        if (to_text(e) == text) return e;
    return std::nullopt;
}

std::optional<SecurityResult> parse_security_result(std::string_view text) {
    for (const auto r : {SecurityResult::Ok, SecurityResult::Failed, SecurityResult::Throttled, SecurityResult::Denied})
        if (to_text(r) == text) return r;
    return std::nullopt;
}

}  // namespace grip::privacy
