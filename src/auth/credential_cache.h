#pragma once
// The sessions and API tokens the server checked in the last second, so that
// a client sending many requests costs one check of its token per second,
// not one per request (each check is a hash and two reads of the store).
//
// The bound on revocation: an entry is used only while the clock still reads
// the second in which its check began, so a token or session revoked, ended,
// expired or whose user was disabled or changed is refused at the latest one
// second after that happened, whatever did it (another process too, such as
// `grip token revoke`). Changes made in this process (Accounts: sign-out,
// revoking a token, disabling or changing a user, a second factor, a
// password) take effect at once: they call note_credentials_changed, and an
// entry made before the last change is never used. Only accepted checks are
// kept; a refusal is checked again every time.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/accounts.h"
#include "common/clock.h"

namespace grip::auth {

// A change of sessions, tokens or users in this process: every cached check
// made before it is stale.
void note_credentials_changed();
// How many changes there have been (entries remember the count they saw).
uint64_t credentials_generation();

class CredentialCache {
public:
    explicit CredentialCache(const Clock& clock) : clock_(clock) {}

    // What a lookup must remember to store its result: when it began.
    struct Ticket {
        int64_t second = 0;
        uint64_t generation = 0;
    };
    Ticket begin() const { return {clock_.now(), credentials_generation()}; }

    // The actor of a session or token (by its hash, with `kind` telling
    // which) accepted in this second of the clock, with no change of
    // credentials since; nullopt otherwise.
    std::optional<Actor> find(char kind, std::string_view hash);
    // Keeps an accepted check; `ticket` is what begin gave before the check.
    void keep(char kind, std::string_view hash, const Actor& actor, Ticket ticket);

    // Lookups answered from the cache (for the tests).
    int64_t hits() const;

private:
    struct Entry {
        Actor actor;
        int64_t second = 0;
        uint64_t generation = 0;
    };
    const Clock& clock_;
    mutable std::mutex mutex_;
    int64_t second_ = 0;  // the second the entries are of: older ones are dropped
    std::unordered_map<std::string, Entry> entries_;
    int64_t hits_ = 0;
};

}  // namespace grip::auth
