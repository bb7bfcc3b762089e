#pragma once
// A small synchronous HTTP/1.1 client for tests, over Beast.
//
//     HttpClient client(server->port());
//     auto r = client.request("POST", "/api/v1/meldingen", body, {{"Content-Type", "application/json"}});
//     EXPECT_EQ(r.status, 201);
//
// One client keeps one connection alive across requests and opens a new one
// when the server has closed it. Every wait is bounded by the client's
// timeout, so that a broken server fails a test instead of hanging it.
// RawConnection sends arbitrary bytes (malformed or incomplete requests) and
// reads what comes back.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace grip::testing {

struct HttpResponse {
    unsigned status = 0;  // 0 when no response came (connection refused, closed, timed out)
    std::vector<std::pair<std::string, std::string>> headers;  // in the order received
    std::string body;
    std::string error;  // what went wrong when status == 0

    // The value of the first header with this name (case-insensitive), or "".
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
    // The server announced it closes the connection after this response.
    bool closes() const;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
public:
    explicit HttpClient(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();

    // Sends one request and reads its response. Content-Length is set from
    // the body; Host is added unless given. A failure to connect, a closed
    // connection or a timeout come back as status 0 with `error` set.
    HttpResponse request(std::string_view method, std::string_view target, std::string body = {},
                         const HttpHeaders& headers = {});
    HttpResponse get(std::string_view target, const HttpHeaders& headers = {}) {
        return request("GET", target, {}, headers);
    }
    HttpResponse post(std::string_view target, std::string body, const HttpHeaders& headers = {}) {
        return request("POST", target, std::move(body), headers);
    }

    // How many TCP connections this client has opened so far.
    int connections_opened() const { return connections_opened_; }
    bool connected() const { return connected_; }
    void close();

private:
    bool connect(std::string& error);

    unsigned short port_;
    std::chrono::milliseconds timeout_;
    boost::asio::io_context io_;
    std::unique_ptr<boost::beast::tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    bool connected_ = false;
    int connections_opened_ = 0;
};

// A plain TCP connection to the server for bytes that HttpClient would not
// send. Every read waits at most the timeout.
class RawConnection {
public:
    explicit RawConnection(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~RawConnection();

    bool connected() const { return connected_; }
    // False when the bytes could not be sent (the server has closed).
    bool send(std::string_view bytes);
    // Reads one HTTP response (status 0 and `error` when none came).
    HttpResponse read_response();
    // Reads until the server closes the connection or the timeout passes.
    struct Rest {
        std::string bytes;    // what came before the end
        bool closed = false;  // the server closed (end of stream or reset), rather than the timeout passing
    };
    Rest read_until_closed();
    // Closes this side.
    void close();

private:
    std::chrono::milliseconds timeout_;
    boost::asio::io_context io_;
    std::unique_ptr<boost::beast::tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    bool connected_ = false;
};

// True when a TCP connection to the port is accepted by the kernel (the
// server is listening).
bool can_connect(unsigned short port);

}  // namespace grip::testing
