// An HTTP/1.1 request as the server's connection reads it: Beast's request
// parser with the server's default limits on header and body, then what the
// server takes from the parsed request before any route: the client address
// (X-Forwarded-For / Forwarded, believed only from a trusted proxy) and the
// W3C traceparent header.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

// Beast's parser directly, not through http/beast_parser.h, whose silencing
// of a g++ warning is a warning of its own to clang.
#include "http/client_address.h"
#include "privacy/trace_context.h"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    parser.eager(true);
    boost::system::error_code ec;
    size_t used = 0;
    // Fed in pieces as a socket would deliver them.
    while (used < size && !parser.is_done()) {
        const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
        if (ec == bhttp::error::need_more) {
            ec = {};
            break;
        }
        if (ec || n == 0) break;
        used += n;
    }
    if (!parser.is_header_done()) return 0;
    const auto& request = parser.get();
    static const std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.0/8", "::1"};
    (void)grip::http::client_info("127.0.0.1", request, trusted);
    (void)grip::http::client_info("192.0.2.7", request, trusted);
    if (auto it = request.find("traceparent"); it != request.end()) (void)grip::privacy::parse_traceparent(it->value());
    return 0;
}
