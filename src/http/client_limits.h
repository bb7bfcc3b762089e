#pragma once
// Limits per client address, so that one client cannot take the server from
// everyone else: how many connections an address may hold open, and how many
// requests it may make (a token bucket: a burst, then a steady rate).
//
// An IPv6 client is counted by its /64 network, since one host commonly has a
// whole /64 to choose addresses from. The connection count is kept by the
// socket's peer (the only address known before a request arrives); a trusted
// proxy's connections are not counted, as they carry many clients. The
// request rate is kept by the client that client_address.h resolves, which
// behind a trusted proxy is the address the proxy forwards for.
//
// Time is passed in, so that tests move it instead of waiting. Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace grip::http {

// The key an address is counted under: the canonical IPv4 address, or the
// /64 network of an IPv6 address ("2001:db8:1:2::/64"); the text itself when
// it is not an IP address.
std::string client_key(std::string_view ip);

class ClientLimits {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    // max_connections 0 and requests_per_second 0 switch the limit off.
    ClientLimits(size_t max_connections, double requests_per_second, double burst);

    // A connection from `key` opens: false (and not counted) when the key
    // already holds max_connections.
    bool open_connection(const std::string& key);
    // A connection that open_connection() counted has closed.
    void close_connection(const std::string& key);

    // A request from `key` at `now`: 0 when it may go on (a token is taken),
    // else the whole seconds until it may (for Retry-After; at least 1).
    int64_t take_request(const std::string& key, TimePoint now);

    size_t tracked_clients() const;

private:
    struct Bucket {
        double tokens = 0;
        TimePoint updated;
    };
    // Drops the buckets that have filled up again (their client is as new).
    void forget_full_buckets(TimePoint now);

    const size_t max_connections_;
    const double rate_;
    const double burst_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, size_t> connections_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace grip::http
