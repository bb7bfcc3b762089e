// Who the client is behind a reverse proxy: the forwarded headers count only
// from a trusted proxy, and then only up to the first untrusted hop.

#include "http/client_address.h"

#include <gtest/gtest.h>

namespace grip::http {
namespace {

Request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
    Request request{beast::http::verb::get, "/", 11};
    for (const auto& [name, value] : headers) request.insert(name, value);
    return request;
}

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClient) {
    const auto request = with_headers({{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
    const auto info = client_info("198.51.100.1", request, {});
    EXPECT_EQ(info.client_ip, "198.51.100.1");
    EXPECT_FALSE(info.secure);
}

TEST(ClientAddress, AnUntrustedPeerCannotClaimAnAddress) {
    const auto request = with_headers({{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
    const auto info = client_info("198.51.100.1", request, {"10.0.0.1"});
    EXPECT_EQ(info.client_ip, "198.51.100.1");
    EXPECT_FALSE(info.secure);
}

TEST(ClientAddress, ATrustedProxyNamesTheClient) {
    const auto request = with_headers({{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
    const auto info = client_info("10.0.0.1", request, {"10.0.0.1"});
    EXPECT_EQ(info.client_ip, "203.0.113.7");
    EXPECT_TRUE(info.secure);
}

TEST(ClientAddress, TheRightMostUntrustedAddressWins) {
    // The client wrote "1.2.3.4" itself; the proxy appended the real address.
    const auto request = with_headers({{"X-Forwarded-For", "1.2.3.4, 203.0.113.7"}});
    EXPECT_EQ(client_info("10.0.0.1", request, {"10.0.0.1"}).client_ip, "203.0.113.7");
}

TEST(ClientAddress, TrustedHopsAreSkippedAcrossHeaderLines) {
    const auto request = with_headers({{"X-Forwarded-For", "1.2.3.4, 203.0.113.7"}, {"X-Forwarded-For", "10.0.0.2"}});
    EXPECT_EQ(client_info("10.0.0.1", request, {"10.0.0.1", "10.0.0.2"}).client_ip, "203.0.113.7");
}

TEST(ClientAddress, NetworksCanBeTrusted) {
    const auto request = with_headers({{"X-Forwarded-For", "203.0.113.7, 10.20.30.40"}});
    EXPECT_EQ(client_info("10.0.0.1", request, {"10.0.0.0/8"}).client_ip, "203.0.113.7");
    EXPECT_EQ(client_info("11.0.0.1", request, {"10.0.0.0/8"}).client_ip, "11.0.0.1");
    const auto v6 = with_headers({{"X-Forwarded-For", "2001:db8::7"}});
    EXPECT_EQ(client_info("fd00::1", v6, {"fd00::/8"}).client_ip, "2001:db8::7");
}

TEST(ClientAddress, WhenEveryHopIsTrustedTheLeftMostIsTheClient) {
    const auto request = with_headers({{"X-Forwarded-For", "10.0.0.3, 10.0.0.2"}});
    EXPECT_EQ(client_info("10.0.0.1", request, {"10.0.0.0/8"}).client_ip, "10.0.0.3");
}

TEST(ClientAddress, AGarbledEntryEndsTheChain) {
    // Nothing left of a garbled entry can be believed, and it is not an
    // address to log: the last trusted hop is what is known.
    const auto request = with_headers({{"X-Forwarded-For", "203.0.113.7, <script>, 10.0.0.2"}});
    EXPECT_EQ(client_info("10.0.0.1", request, {"10.0.0.1", "10.0.0.2"}).client_ip, "10.0.0.2");
    const auto only_garbage = with_headers({{"X-Forwarded-For", "unknown"}});
    EXPECT_EQ(client_info("10.0.0.1", only_garbage, {"10.0.0.1"}).client_ip, "10.0.0.1");
}

TEST(ClientAddress, AddressesAreCanonical) {
    const auto request = with_headers({{"X-Forwarded-For", "2001:DB8:0:0::7"}});
    EXPECT_EQ(client_info("::ffff:10.0.0.1", request, {"10.0.0.1"}).client_ip, "2001:db8::7");
    EXPECT_EQ(canonical_ip("::ffff:192.0.2.1"), "192.0.2.1");
    EXPECT_EQ(canonical_ip("not an address"), "");
}

TEST(ClientAddress, TheProtoOfTheClientsHopCounts) {
    // Proxy A (reached by the client over https) and proxy B (reached by A
    // over http) each append the address and the scheme they were reached by.
    const auto request =
        with_headers({{"X-Forwarded-For", "203.0.113.7, 10.0.0.2"}, {"X-Forwarded-Proto", "https, http"}});
    EXPECT_TRUE(client_info("10.0.0.1", request, {"10.0.0.1", "10.0.0.2"}).secure);
    const auto plain = with_headers({{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "http"}});
    EXPECT_FALSE(client_info("10.0.0.1", plain, {"10.0.0.1"}).secure);
    const auto upper = with_headers({{"X-Forwarded-Proto", "HTTPS"}});
    const auto info = client_info("10.0.0.1", upper, {"10.0.0.1"});
    EXPECT_TRUE(info.secure);
    EXPECT_EQ(info.client_ip, "10.0.0.1");
}

}  // namespace
}  // namespace grip::http
