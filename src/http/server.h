#pragma once
// The HTTP/1.1 server core: accepts connections, reads requests within the
// configured limits and times, hands each complete request to the
// application's Handler and writes its response. It knows nothing of the API.
//
// - One coroutine per connection, on a strand of its own; keep-alive, and
//   pipelined requests answered in order.
// - Errors of the core are application/problem+json: 400 for a malformed
//   request, 431 for a header over header_limit, 413 for a body over
//   body_limit or the application's BodyLimiter (decided from the header
//   before any of the body is read), 429 with Retry-After beyond a client
//   address's request rate, 503 beyond max_connections or beyond an
//   address's max_connections_per_client (client_limits.h), 500 with an
//   error id when the handler throws. After 400, 413, 429 and 431 the
//   connection is closed.
// - A client that does not deliver its request within read_timeout is
//   disconnected, without holding up anyone else.
// - Every response gets the default headers (responses.h).
// - The log never holds a query string or a body: an access line per request
//   (method, path, status, bytes, ms) at info level when config.access_log,
//   and for a handler's exception its error id and what().

#include <memory>

#include "common/result.h"
#include "http/http_types.h"

namespace boost::asio {
class io_context;
}

namespace grip::http {

class ServerState;

class Server {
public:
    // Binds and listens; Error::io with the address and the reason when that
    // fails (the port is taken, the address is not local, ...).
    // body_limiter, when given, decides each request's body limit from its
    // header (see BodyLimiter in http_types.h).
    static Result<std::unique_ptr<Server>> create(ServerConfig config, Handler handler, BodyLimiter body_limiter = {});
    ~Server();  // stop()

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The bound port (the one picked when config.port was 0).
    unsigned short port() const;

    // Runs the I/O threads (this one and io_threads - 1 more) until the
    // server has stopped and the I/O context has no work left.
    void run();
    // Runs the I/O threads in the background and returns at once.
    void start();
    // Graceful: stops accepting, closes idle keep-alive connections, lets the
    // requests in flight finish and answers them with Connection: close; after
    // shutdown_timeout whatever is left is dropped. Returns once the I/O
    // threads have finished, except when called on an I/O thread (from a
    // handler or a signal): then it only starts the shutdown. Idempotent and
    // thread-safe.
    void stop();
    // SIGINT and SIGTERM call stop().
    void stop_on_signals();

    // For the application to post work back to the I/O threads.
    asio::io_context& io();

private:
    explicit Server(std::unique_ptr<ServerState> state);

    std::unique_ptr<ServerState> state_;
};

}  // namespace grip::http
