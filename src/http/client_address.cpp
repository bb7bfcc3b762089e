#include "http/client_address.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/beast/core/string.hpp>

namespace grip::http {
namespace {

namespace ip = boost::asio::ip;

std::optional<ip::address> parse_address(std::string_view text) {
    boost::system::error_code ec;
    ip::address address = ip::make_address(text, ec);
    if (ec) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return ip::make_address_v4(ip::v4_mapped, address.to_v6());
    }
    return address;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The comma-separated entries of every occurrence of a header field, in order.
std::vector<std::string_view> list_values(const Request& request, std::string_view field) {
    std::vector<std::string_view> values;
    auto [begin, end] = request.equal_range(field);
    for (auto it = begin; it != end; ++it) {
        std::string_view rest = it->value();
        for (;;) {
            const size_t comma = rest.find(',');
            values.push_back(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return values;
}

class TrustedSet {
public:
    explicit TrustedSet(const std::vector<std::string>& entries) {
        for (const auto& entry : entries) {
            boost::system::error_code ec;
            if (entry.find('/') == std::string::npos) {
                if (auto address = parse_address(entry)) addresses_.push_back(*address);
            } else if (entry.find(':') == std::string::npos) {
                auto network = ip::make_network_v4(entry, ec);
                if (!ec) v4_.push_back(network);
            } else {
                auto network = ip::make_network_v6(entry, ec);
                if (!ec) v6_.push_back(network);
            }
        }
    }

    bool contains(const ip::address& address) const {
        if (std::find(addresses_.begin(), addresses_.end(), address) != addresses_.end()) return true;
        if (address.is_v4()) {
            const auto v4 = address.to_v4();
            return std::any_of(v4_.begin(), v4_.end(), [&](const ip::network_v4& n) {
                return (v4.to_uint() & n.netmask().to_uint()) == n.network().to_uint();
            });
        }
        const auto v6 = address.to_v6();
        return std::any_of(v6_.begin(), v6_.end(), [&](const ip::network_v6& n) {
            return ip::make_network_v6(v6, n.prefix_length()).network() == n.network();
        });
    }

private:
    std::vector<ip::address> addresses_;
    std::vector<ip::network_v4> v4_;
    std::vector<ip::network_v6> v6_;
};

}  // namespace

std::string canonical_ip(std::string_view text) {
    auto address = parse_address(text);
    return address ? address->to_string() : std::string();
}

bool is_trusted_proxy(const std::string& peer_ip, const std::vector<std::string>& trusted_proxies) {
    if (trusted_proxies.empty()) return false;
    const auto peer = parse_address(peer_ip);
    return peer && TrustedSet(trusted_proxies).contains(*peer);
}

RequestInfo client_info(const std::string& peer_ip, const Request& request,
                        const std::vector<std::string>& trusted_proxies) {
    RequestInfo info{peer_ip, false};
    if (trusted_proxies.empty()) return info;
    const auto peer = parse_address(peer_ip);
    if (!peer) return info;
    info.client_ip = peer->to_string();
    const TrustedSet trusted(trusted_proxies);
    if (!trusted.contains(*peer)) return info;

    // Walk the chain from the right; `hop` is the position whose address
    // became the client (-1: the peer itself).
    const auto chain = list_values(request, "X-Forwarded-For");
    std::ptrdiff_t hop = -1;
    for (auto i = static_cast<std::ptrdiff_t>(chain.size()) - 1; i >= 0; --i) {
        const auto address = parse_address(chain[static_cast<size_t>(i)]);
        if (!address) break;
        info.client_ip = address->to_string();
        hop = i;
        if (!trusted.contains(*address)) break;
    }

    // Each proxy appends the scheme it was reached by beside the address it
    // was reached from; when the lists line up, the client's entry is the one
    // that counts, otherwise the last proxy's.
    const auto protos = list_values(request, "X-Forwarded-Proto");
    if (!protos.empty()) {
        const std::string_view proto =
            hop >= 0 && protos.size() == chain.size() ? protos[static_cast<size_t>(hop)] : protos.back();
        info.secure = beast::iequals(proto, "https");
    }
    return info;
}

}  // namespace grip::http
