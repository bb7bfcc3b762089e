#include "http/client_limits.h"

#include <algorithm>
#include <cmath>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace grip::http {
namespace {

namespace ip = boost::asio::ip;

// Beyond this many buckets, the full ones are forgotten: an attacker with
// many addresses costs memory only while each address is being held back.
constexpr size_t kForgetAbove = 64 * 1024;

}  // namespace

std::string client_key(std::string_view text) {
    boost::system::error_code ec;
    const ip::address address = ip::make_address(text, ec);
    if (ec) return std::string(text);
    if (address.is_v4()) return address.to_string();
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6).to_string();
    return ip::make_network_v6(v6, 64).canonical().to_string();
}

ClientLimits::ClientLimits(size_t max_connections, double requests_per_second, double burst)
    : max_connections_(max_connections), rate_(requests_per_second), burst_(std::max(1.0, burst)) {}

bool ClientLimits::open_connection(const std::string& key) {
    if (max_connections_ == 0) return true;
    std::lock_guard lock(mutex_);
    size_t& open = connections_[key];
    if (open >= max_connections_) return false;
    ++open;
    return true;
}

void ClientLimits::close_connection(const std::string& key) {
    if (max_connections_ == 0) return;
    std::lock_guard lock(mutex_);
    const auto it = connections_.find(key);
    if (it == connections_.end()) return;
    if (--it->second == 0) connections_.erase(it);
}

int64_t ClientLimits::take_request(const std::string& key, TimePoint now) {
    if (rate_ <= 0) return 0;
    std::lock_guard lock(mutex_);
    auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
    if (added && buckets_.size() > kForgetAbove) {
        forget_full_buckets(now);
        it = buckets_.try_emplace(key, Bucket{burst_, now}).first;
    }
    Bucket& bucket = it->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) {
        bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
        bucket.updated = now;
    }
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
    }
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1 - bucket.tokens) / rate_)));
}

size_t ClientLimits::tracked_clients() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

void ClientLimits::forget_full_buckets(TimePoint now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
        if (it->second.tokens + elapsed * rate_ >= burst_) it = buckets_.erase(it);
        else ++it;
    }
}

}  // namespace grip::http
