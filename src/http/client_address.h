#pragma once
// Who the client is when Grip runs behind a reverse proxy.
//
// The headers X-Forwarded-For and X-Forwarded-Proto are believed only when
// the socket's peer is a trusted proxy: anyone else could write them. A proxy
// appends the address it received the request from, so the chain is read
// from the right: trusted proxies are skipped and the first address that is
// not one of them is the client. An entry that is not an IP address ends the
// walk (what lies to its left cannot be trusted); the client is then the last
// trusted hop.
//
// The standard Forwarded header (RFC 7239) is not read: a proxy that only
// sets X-Forwarded-For passes a client's own Forwarded header on untouched,
// so believing both would let a client choose its address.

#include <string>
#include <vector>

#include "http/http_types.h"

namespace grip::http {

// trusted_proxies holds IP addresses ("10.1.2.3", "::1") or networks in CIDR
// notation ("10.0.0.0/8"); entries that are neither are ignored. Addresses
// come back in canonical form, an IPv4-mapped IPv6 address as IPv4.
RequestInfo client_info(const std::string& peer_ip, const Request& request,
                        const std::vector<std::string>& trusted_proxies);

// Whether the socket's peer (canonical text) is one of trusted_proxies.
bool is_trusted_proxy(const std::string& peer_ip, const std::vector<std::string>& trusted_proxies);

// The canonical text of an IP address ("::ffff:1.2.3.4" is "1.2.3.4"); empty
// when the text is not an IP address.
std::string canonical_ip(std::string_view text);

}  // namespace grip::http
