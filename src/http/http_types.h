#pragma once
// The vocabulary between the HTTP server core and the application: the
// request and response types, the server's settings, what the core knows about
// the client, and the shape of the application's handler.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace grip::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

using Request = beast::http::request<beast::http::string_body>;
using Response = beast::http::response<beast::http::string_body>;

struct ServerConfig {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0 picks a free port; Server::port() tells which
    int io_threads = 2;
    size_t header_limit = 16 * 1024;       // request line and header fields; 431 beyond
    size_t body_limit = 64 * 1024 * 1024;  // 413 beyond; a known Content-Length is refused before the body is read
    // The whole request, from its first byte (or from the connect), must
    // arrive within read_timeout; a slower client is disconnected. The same
    // time is allowed for the client to take the response.
    std::chrono::seconds read_timeout{30};
    std::chrono::seconds idle_timeout{75};  // a keep-alive connection waiting for its next request
    size_t max_connections = 1024;          // beyond: accepted, answered 503 and closed
    // Limits per client address (client_limits.h); 0 switches one off. The
    // connections one address may hold open (beyond: 503 and closed; a
    // trusted proxy's are not counted), and the requests it may make: a burst,
    // then a steady rate per second (beyond: 429 with Retry-After, closed).
    size_t max_connections_per_client = 128;
    double requests_per_second_per_client = 100;
    size_t request_burst_per_client = 2000;
    // Peers (IP addresses, or networks as "10.0.0.0/8") whose X-Forwarded-For
    // and X-Forwarded-Proto headers are believed. See client_address.h.
    std::vector<std::string> trusted_proxies;
    bool access_log = true;  // one info line per request
    // After stop(), requests in flight get this long to finish; then the
    // remaining connections are dropped.
    std::chrono::seconds shutdown_timeout{30};
};

struct RequestInfo {
    // The socket's peer, or the client a trusted proxy forwarded for.
    std::string client_ip;
    // The client used HTTPS to reach a trusted proxy (X-Forwarded-Proto).
    bool secure = false;
};

// The application: called for every complete request, on any I/O thread. It
// returns an awaitable so that it can hop to its own threads and back (see
// offload.h). An exception becomes a 500 with an error id; it never escapes.
// The request and the info stay valid until that awaitable has finished; a
// coroutine that takes them by value (moving the request) needs no more care.
using Handler = std::function<asio::awaitable<Response>(Request&&, const RequestInfo&)>;

// How large a request's body the application takes, decided from the request
// line and header fields (the request's body is still empty) before any of
// the body is read: at most `bytes` (and never more than the server's
// body_limit), else 413 with `detail`.
struct BodyLimit {
    size_t bytes = 0;
    std::string detail;
};
// Called on an I/O thread for every request that has a body; it may hop to the
// application's threads (to check a session, say) and back, as a Handler may.
using BodyLimiter = std::function<asio::awaitable<BodyLimit>(const Request&, const RequestInfo&)>;

}  // namespace grip::http
