#include "auth/credential_cache.h"

#include <atomic>

namespace grip::auth {

namespace {

std::atomic<uint64_t>& generation() {
    static std::atomic<uint64_t> value{0};
    return value;
}

std::string key_of(char kind, std::string_view hash) {
    std::string key(1, kind);
    key += hash;
    return key;
}

}  // namespace

void note_credentials_changed() { generation().fetch_add(1, std::memory_order_acq_rel); }

uint64_t credentials_generation() { return generation().load(std::memory_order_acquire); }

std::optional<Actor> CredentialCache::find(char kind, std::string_view hash) {
    const int64_t now = clock_.now();
    const uint64_t current = credentials_generation();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key_of(kind, hash));
    if (it == entries_.end() || it->second.second != now || it->second.generation != current) return std::nullopt;
    ++hits_;
    return it->second.actor;
}

void CredentialCache::keep(char kind, std::string_view hash, const Actor& actor, Ticket ticket) {
    std::lock_guard lock(mutex_);
    // Entries of an earlier second are never used again: drop them all, so
    // the cache holds at most one second's clients.
    if (ticket.second != second_) {
        if (ticket.second < second_) return;
        entries_.clear();
        second_ = ticket.second;
    }
    entries_[key_of(kind, hash)] = Entry{actor, ticket.second, ticket.generation};
}

int64_t CredentialCache::hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
}

}  // namespace grip::auth
