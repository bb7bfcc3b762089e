#include "http_client.h"

#include <array>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "http/beast_parser.h"

namespace grip::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

tcp::endpoint local(unsigned short port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// Runs one asynchronous operation, started by `start(handler)`, to its end.
template <class Start>
beast::error_code complete(asio::io_context& io, Start start, size_t* bytes = nullptr) {
    beast::error_code result;
    start([&](beast::error_code ec, auto... n) {
        result = ec;
        if constexpr (sizeof...(n) == 1) {
            if (bytes) *bytes = (static_cast<size_t>(n), ...);
        }
    });
    io.restart();
    io.run();
    return result;
}

std::unique_ptr<beast::tcp_stream> open(asio::io_context& io, unsigned short port, std::chrono::milliseconds timeout,
                                        std::string& error) {
    auto stream = std::make_unique<beast::tcp_stream>(io);
    stream->expires_after(timeout);
    const auto ec = complete(io, [&](auto handler) { stream->async_connect(local(port), handler); });
    if (ec) {
        error = "connect: " + ec.message();
        return nullptr;
    }
    return stream;
}

HttpResponse to_response(bhttp::response<bhttp::string_body>&& message) {
    HttpResponse response;
    response.status = message.result_int();
    for (const auto& field : message) response.headers.emplace_back(field.name_string(), field.value());
    response.body = std::move(message.body());
    return response;
}

HttpResponse read_one(asio::io_context& io, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                      std::chrono::milliseconds timeout, bool head, beast::error_code& ec) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    if (head) parser.skip(true);
    stream.expires_after(timeout);
    ec = complete(io, [&](auto handler) { bhttp::async_read(stream, buffer, parser, handler); });
    if (ec) {
        HttpResponse none;
        none.error = "read: " + ec.message();
        return none;
    }
    return to_response(parser.release());
}

// The server may have closed a kept-alive connection before it saw the request.
bool closed_by_server(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::eof;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (beast::iequals(key, name)) return value;
    }
    return {};
}

bool HttpResponse::has_header(std::string_view name) const {
    for (const auto& entry : headers) {
        if (beast::iequals(entry.first, name)) return true;
    }
    return false;
}

bool HttpResponse::closes() const { return beast::iequals(header("Connection"), "close"); }

HttpClient::HttpClient(unsigned short port, std::chrono::milliseconds timeout) : port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
    if (stream_) {
        beast::error_code ignored;
        stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_->close();
    }
    stream_.reset();
    buffer_.clear();
    connected_ = false;
}

bool HttpClient::connect(std::string& error) {
    close();
    stream_ = open(io_, port_, timeout_, error);
    if (!stream_) return false;
    connected_ = true;
    ++connections_opened_;
    return true;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target, std::string body,
                                 const HttpHeaders& headers) {
    bhttp::request<bhttp::string_body> message;
    message.method_string(method);
    message.target(target);
    message.version(11);
    bool length_given = false;
    for (const auto& [name, value] : headers) {
        message.insert(name, value);
        length_given =
            length_given || beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding");
    }
    if (message.find(bhttp::field::host) == message.end())
        message.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
    message.body() = std::move(body);
    if (!length_given) message.prepare_payload();
    const bool head = beast::iequals(method, "HEAD");

    for (int attempt = 0;; ++attempt) {
        const bool reused = connected_;
        HttpResponse failed;
        if (!connected_ && !connect(failed.error)) return failed;
        stream_->expires_after(timeout_);
        beast::error_code ec = complete(io_, [&](auto handler) { bhttp::async_write(*stream_, message, handler); });
        HttpResponse response;
        if (ec) {
            response.error = "write: " + ec.message();
        } else {
            response = read_one(io_, *stream_, buffer_, timeout_, head, ec);
        }
        if (ec) {
            close();
            if (reused && attempt == 0 && closed_by_server(ec)) continue;
            return response;
        }
        if (response.closes()) close();
        return response;
    }
}

RawConnection::RawConnection(unsigned short port, std::chrono::milliseconds timeout) : timeout_(timeout) {
    std::string error;
    stream_ = open(io_, port, timeout_, error);
    connected_ = stream_ != nullptr;
}

RawConnection::~RawConnection() { close(); }

void RawConnection::close() {
    if (stream_) stream_->close();
    connected_ = false;
}

bool RawConnection::send(std::string_view bytes) {
    if (!stream_) return false;
    stream_->expires_after(timeout_);
    return !complete(io_, [&](auto handler) { asio::async_write(*stream_, asio::buffer(bytes), handler); });
}

HttpResponse RawConnection::read_response() {
    if (!stream_) return HttpResponse{.error = "not connected"};
    beast::error_code ec;
    return read_one(io_, *stream_, buffer_, timeout_, false, ec);
}

RawConnection::Rest RawConnection::read_until_closed() {
    Rest rest;
    if (!stream_) return rest;
    rest.bytes = beast::buffers_to_string(buffer_.data());
    buffer_.clear();
    stream_->expires_after(timeout_);
    for (;;) {
        std::array<char, 4096> chunk{};
        size_t n = 0;
        const auto ec = complete(
            io_, [&](auto handler) { stream_->async_read_some(asio::buffer(chunk), handler); }, &n);
        rest.bytes.append(chunk.data(), n);
        if (ec) {
            rest.closed = ec == asio::error::eof || ec == asio::error::connection_reset;
            return rest;
        }
    }
}

bool can_connect(unsigned short port) {
    asio::io_context io;
    tcp::socket socket(io);
    beast::error_code ec;
    socket.connect(local(port), ec);
    return !ec;
}

}  // namespace grip::testing
