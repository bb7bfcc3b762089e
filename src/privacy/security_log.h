#pragma once
// The security log: sign-ins (succeeded, failed, throttled), sign-outs,
// sessions that expired, users and API tokens made, changed and disabled,
// role grants, catalogue changes and key operations, for the municipality's
// auditors (BIO 12.4, ASVS 7.2). The same hash-chained file as the processing
// log (log_chain.h), kept beside it, written by the server and by `grip user`
// on the server (each append takes the file's lock). It never holds a
// password, a token or a BSN: the values are names and short codes, and a
// value that looks like a BSN or a token is withheld. See docs/security-log.md.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "privacy/keyring.h"
#include "privacy/log_chain.h"

namespace grip::privacy {

enum class SecurityEvent {
    SignIn,
    SignOut,
    SessionExpired,
    UserCreated,
    UserChanged,
    UserDisabled,
    TokenCreated,
    TokenRevoked,
    RoleGranted,
    CatalogueChanged,
    KeyOperation,
};
// Ok; Failed (wrong credentials, invalid input); Throttled (too many
// attempts); Denied (not allowed, e.g. a role beheer may not grant).
enum class SecurityResult { Ok, Failed, Throttled, Denied };

inline constexpr std::array<SecurityEvent, 11> kSecurityEvents{
    SecurityEvent::SignIn,           SecurityEvent::SignOut,      SecurityEvent::SessionExpired,
    SecurityEvent::UserCreated,      SecurityEvent::UserChanged,  SecurityEvent::UserDisabled,
    SecurityEvent::TokenCreated,     SecurityEvent::TokenRevoked, SecurityEvent::RoleGranted,
    SecurityEvent::CatalogueChanged, SecurityEvent::KeyOperation};

std::string_view to_text(SecurityEvent event);
std::string_view to_text(SecurityResult result);
std::optional<SecurityEvent> parse_security_event(std::string_view text);
std::optional<SecurityResult> parse_security_result(std::string_view text);

struct SecurityEntry {
    int64_t seq = 0;
    std::string time;      // UTC, RFC 3339 with milliseconds; the log's clock when empty
    std::string trace_id;  // 32 lowercase hex, the request's; a new one when empty
    std::string actor;     // who did it: a user or token name, `grip` (the command line), or `-` (not signed in)
    SecurityEvent event = SecurityEvent::SignIn;
    SecurityResult result = SecurityResult::Ok;
    std::string target;  // what it was done to: a user or token name, a file; empty when none
    std::string detail;  // short words: a role, `kind=system`, `id=7`; never a secret
    std::string client;  // the client's address, or `cli`
    std::string
        municipality;  // CBS code of the municipality of the user acted on or as; empty: the installation's home
    std::string prev;
    std::string hash;
};

// Filters of a read; empty texts match everything.
struct SecurityQuery {
    std::string actor;   // exact
    std::string target;  // exact
    std::optional<SecurityEvent> event;
    std::optional<SecurityResult> result;
    std::string since;         // records at or after this time (RFC 3339 text, compared as text)
    std::string municipality;  // exact, when set; records without one belong to `home`
    std::string home;
    int64_t after_seq = 0;  // cursor
    int64_t limit = 0;      // 0: no limit
};

// The security log's kind: its fields and the texts of its hashes.
const ChainKind& security_log_kind();

// The text a value is replaced with when it looks like a BSN or a token.
inline constexpr std::string_view kWithheld = "[withheld]";
// The value, or kWithheld when it holds nine digits in a row (a BSN), a long
// run of token characters (a session or API token), control characters, or
// is longer than 200 bytes.
std::string withhold_secrets(std::string_view value);

class SecurityLog {
public:
    static Result<std::unique_ptr<SecurityLog>> open(const std::filesystem::path& file, const Keyring& keys,
                                                     ChainLog::Clock now = {});

    // Writes the entry at once (durable). Secrets are withheld (see withhold_secrets).
    Status append(SecurityEntry entry);
    // Checks the records written since the last checkpoint (see ChainLog::check).
    Status check() { return chain_->check(); }
    Result<std::vector<SecurityEntry>> read(const SecurityQuery& query) const;
    const std::filesystem::path& file() const { return chain_->file(); }

private:
    explicit SecurityLog(std::unique_ptr<ChainLog> chain) : chain_(std::move(chain)) {}
    std::unique_ptr<ChainLog> chain_;
};

// The security log of the server running in this process, for events
// noticed below the API's handlers (Accounts notices a session that
// expired). A ProcessingLog registers its security log while it is open; with
// none registered the event is not written.
void register_server_security_log(SecurityLog* log);
void unregister_server_security_log(SecurityLog* log);
Status record_server_security_event(SecurityEntry entry);

// The security log beside a processing log: `grip.db.processing-log.ndjson`
// → `grip.db.security-log.ndjson`; any other name gets `.security-log.ndjson` added.
std::filesystem::path security_log_file_for(const std::filesystem::path& processing_log_file);

// The records of a security log file that match the query (a linear scan).
Result<std::vector<SecurityEntry>> read_security_log(const std::filesystem::path& file, const SecurityQuery& query);
Result<VerifyReport> verify_security_log(const std::filesystem::path& file, const Keyring& keys);
// A record as the JSON object of its line.
std::string to_json(const SecurityEntry& entry);

}  // namespace grip::privacy
