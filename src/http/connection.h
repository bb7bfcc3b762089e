#pragma once
// One client connection of the Server: reads its requests one after the
// other, hands them to the application and writes the responses. Internal to
// the server core; see server.h for the behaviour.

#include <list>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/status.hpp>

#include "http/beast_parser.h"
#include "http/http_types.h"

namespace grip::http {

class ServerState;

class Connection : public std::enable_shared_from_this<Connection> {
public:
    // `counted` is the key under which the server counted this connection
    // for its address (client_limits.h), or empty.
    Connection(ServerState& server, asio::ip::tcp::socket socket, std::string counted);

    // The connection's coroutine, on the socket's strand; it keeps `self`
    // alive and takes the connection out of the server's list at its end.
    static asio::awaitable<void> run(std::shared_ptr<Connection> self,
                                     std::list<std::weak_ptr<Connection>>::iterator entry);

    // Closes the connection when it is waiting for a request (not while one
    // is being read or answered). To be called on the connection's strand.
    void close_if_idle();

    asio::any_io_executor executor() { return stream_.get_executor(); }

private:
    asio::awaitable<void> serve();
    // Reads the next request into `parser`'s message; false when the
    // connection is to end (the core has answered or the client has gone).
    asio::awaitable<bool> read_request(beast::http::request_parser<beast::http::string_body>& parser, bool first);
    // Answers with a problem of the core and closes the connection.
    asio::awaitable<void> refuse_request(beast::http::status status, std::string_view detail,
                                         const beast::http::request_parser<beast::http::string_body>& parser,
                                         int64_t retry_after = 0);
    // After the header: the client's request rate and the body's size. False
    // when the request was refused (and the connection is to end).
    asio::awaitable<bool> admit(beast::http::request_parser<beast::http::string_body>& parser);
    asio::awaitable<bool> write(Response& response, bool head_only, size_t& bytes);

    ServerState& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::string peer_ip_;
    std::string body_detail_;  // why the current request's body limit is what it is (for 413)
    std::string counted_;      // the key of this connection in the server's count per address, or empty
    bool idle_ = false;        // waiting for the first byte of a request
};

// Answers a connection beyond max_connections (or its address's share) with
// 503 and closes it.
asio::awaitable<void> refuse_connection(asio::ip::tcp::socket socket, std::string_view detail);

// Ends a connection without losing the response just written: shuts down the
// sending side, reads what the client still sends (for a short, bounded
// time), then closes. Closing with unread input would make the kernel send a
// reset, which can reach the client before it has read the response.
asio::awaitable<void> close_gracefully(beast::tcp_stream& stream);

}  // namespace grip::http
