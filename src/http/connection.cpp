#include "http/connection.h"

#include <array>
#include <chrono>
#include <exception>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "http/client_address.h"
#include "http/client_limits.h"
#include "http/responses.h"
#include "http/server_state.h"

namespace grip::http {
namespace {

namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;
using RequestParser = bhttp::request_parser<bhttp::string_body>;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// How long, and how much, close_gracefully() reads from a closing connection.
constexpr std::chrono::seconds kLingerTime{2};
constexpr size_t kLingerBytes = 1024 * 1024;
// The first read of a request, once the connection has been idle.
constexpr size_t kFirstRead = 4096;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool is_parse_error(const beast::error_code& ec) {
    static const auto& category = bhttp::make_error_code(bhttp::error::bad_method).category();
    return ec.category() == category && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
           ec != bhttp::error::short_read;
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void log_access(std::string_view method, std::string_view path, unsigned status, size_t bytes, double ms) {
    spdlog::info("http method={} path={} status={} bytes={} ms={:.2f}", method, path, status, bytes, ms);
}

bool status_forbids_body(bhttp::status status) {
    return status == bhttp::status::no_content || status == bhttp::status::not_modified ||
           bhttp::to_status_class(status) == bhttp::status_class::informational;
}

}  // namespace

Connection::Connection(ServerState& server, asio::ip::tcp::socket socket, std::string counted)
    : server_(server), stream_(std::move(socket)), counted_(std::move(counted)) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ip_ = canonical_ip(endpoint.address().to_string());
}

asio::awaitable<void> Connection::run(std::shared_ptr<Connection> self,
                                      std::list<std::weak_ptr<Connection>>::iterator entry) {
    // Also when the frame is destroyed unfinished (a forced stop).
    struct Deregister {
        ServerState& server;
        std::list<std::weak_ptr<Connection>>::iterator entry;
        const std::string& counted;
        ~Deregister() {
            if (!counted.empty()) server.client_limits().close_connection(counted);
            server.connection_ended(entry);
        }
    } deregister{self->server_, entry, self->counted_};
    co_await self->serve();
}

void Connection::close_if_idle() {
    if (idle_) stream_.cancel();
}

asio::awaitable<void> Connection::serve() {
    const ServerConfig& config = server_.config();
    for (bool first = true;; first = false) {
        RequestParser parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<size_t>(config.header_limit, UINT32_MAX)));
        parser.body_limit(config.body_limit);
        if (!co_await read_request(parser, first)) co_return;

        Request request = parser.release();
        const auto started = Clock::now();
        const RequestInfo info = client_info(peer_ip_, request, config.trusted_proxies);
        const std::string method(request.method_string());
        const std::string path(path_of(request.target()));
        const bool head_only = request.method() == bhttp::verb::head;
        const unsigned version = request.version() >= 11 ? 11 : 10;
        bool keep_alive = request.keep_alive();

        Response response;
        std::string error_id;
        std::string what;
        try {
            response = co_await server_.handler()(std::move(request), info);
        } catch (const std::exception& e) {
            error_id = new_error_id();
            what = e.what();
        } catch (...) {
            error_id = new_error_id();
            what = "an exception that is not a std::exception";
        }
        if (!error_id.empty()) {
            response = problem_response(bhttp::status::internal_server_error,
                                        "The server could not complete the request. Quote the error id when you "
                                        "report this.",
                                        error_id);
            spdlog::error("http error_id={} method={} path={} status=500 ms={:.2f} client={} exception: {}", error_id,
                          method, path, milliseconds_since(started), info.client_ip, what);
        }

        // The handler may ask to close (Connection: close); a stopping server
        // closes after every answer.
        keep_alive = keep_alive && response.keep_alive() && !server_.stopping();
        response.version(version);
        response.keep_alive(keep_alive);
        size_t bytes = 0;
        const bool written = co_await write(response, head_only, bytes);
        if (config.access_log) log_access(method, path, response.result_int(), bytes, milliseconds_since(started));
        if (!written) co_return;
        if (!keep_alive) {
            co_await close_gracefully(stream_);
            co_return;
        }
    }
}

asio::awaitable<bool> Connection::read_request(RequestParser& parser, bool first) {
    const ServerConfig& config = server_.config();
    body_detail_.clear();
    // The first request must arrive within read_timeout of the connect; a
    // later one within read_timeout of its first byte.
    if (first) stream_.expires_after(config.read_timeout);
    if (buffer_.size() == 0) {
        if (server_.stopping()) co_return false;
        if (!first) stream_.expires_after(config.idle_timeout);
        idle_ = true;
        const auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstRead), kAsTuple);
        idle_ = false;
        if (ec) co_return false;  // gone, idle too long, or closed by stop()
        buffer_.commit(n);
        if (!first) stream_.expires_after(config.read_timeout);
    } else if (!first) {
        stream_.expires_after(config.read_timeout);  // a pipelined request
    }

    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAsTuple);
    (void)n;
    if (!ec && !co_await admit(parser)) co_return false;
    if (!ec && !parser.is_done() && beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        const auto [write_ec, written] = co_await asio::async_write(stream_, asio::buffer(kContinue), kAsTuple);
        (void)written;
        ec = write_ec;
    }
    if (!ec && !parser.is_done()) {
        const auto [body_ec, read] = co_await bhttp::async_read(stream_, buffer_, parser, kAsTuple);
        (void)read;
        ec = body_ec;
    }
    if (!ec) co_return true;

    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
        co_await refuse_request(bhttp::status::request_header_fields_too_large,
                                "The request line and header fields are larger than the server accepts.", parser);
    } else if (ec == bhttp::error::body_limit) {
        co_await refuse_request(bhttp::status::payload_too_large,
                                body_detail_.empty() ? "The request body is larger than the server accepts."
                                                     : std::string_view(body_detail_),
                                parser);
    } else if (is_parse_error(ec)) {
        co_await refuse_request(bhttp::status::bad_request, "The request is not valid HTTP/1.1.", parser);
    } else if (ec == beast::error::timeout) {
        spdlog::debug("http: closed a connection whose request did not arrive within {} s",
                      config.read_timeout.count());
    }
    co_return false;
}

asio::awaitable<bool> Connection::admit(RequestParser& parser) {
    const ServerConfig& config = server_.config();
    const Request& header = parser.get();
    const RequestInfo info = client_info(peer_ip_, header, config.trusted_proxies);
    if (const int64_t wait = server_.client_limits().take_request(client_key(info.client_ip), Clock::now()); wait > 0) {
        co_await refuse_request(bhttp::status::too_many_requests,
                                "Your address has sent more requests than the server accepts. Wait before the next.",
                                parser, wait);
        co_return false;
    }
    if (parser.is_done()) co_return true;  // no body

    // The body's limit is decided before any of it is read: the application
    // takes small bodies on most routes, and large ones only once it knows
    // who is sending them.
    BodyLimit limit{config.body_limit, "The request body is larger than the server accepts."};
    if (server_.body_limiter()) {
        BodyLimit asked = co_await server_.body_limiter()(header, info);
        if (asked.bytes < limit.bytes) limit = std::move(asked);
    }
    if (const auto length = parser.content_length(); length && *length > limit.bytes) {
        co_await refuse_request(bhttp::status::payload_too_large, limit.detail, parser);
        co_return false;
    }
    body_detail_ = std::move(limit.detail);
    parser.body_limit(limit.bytes);
    co_return true;
}

asio::awaitable<void> Connection::refuse_request(bhttp::status status, std::string_view detail,
                                                 const RequestParser& parser, int64_t retry_after) {
    const auto started = Clock::now();
    Response response = problem_response(status, detail);
    if (retry_after > 0) response.set(bhttp::field::retry_after, std::to_string(retry_after));
    response.keep_alive(false);
    size_t bytes = 0;
    const bool written = co_await write(response, false, bytes);
    if (server_.config().access_log) {
        // The method and path are known when the header was read completely.
        const bool header = parser.is_header_done();
        log_access(header ? parser.get().method_string() : "-", header ? path_of(parser.get().target()) : "-",
                   response.result_int(), bytes, milliseconds_since(started));
    }
    if (written) co_await close_gracefully(stream_);
}

asio::awaitable<bool> Connection::write(Response& response, bool head_only, size_t& bytes) {
    apply_default_headers(response);
    if (status_forbids_body(response.result())) response.body().clear();
    response.prepare_payload();
    // The client gets as long to take the response as to send its request.
    stream_.expires_after(server_.config().read_timeout);
    if (head_only) {
        // Content-Length says what a GET would have sent.
        bhttp::response_serializer<bhttp::string_body> serializer{response};
        const auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, kAsTuple);
        bytes = n;
        co_return !ec;
    }
    const auto [ec, n] = co_await bhttp::async_write(stream_, response, kAsTuple);
    bytes = n;
    co_return !ec;
}

asio::awaitable<void> refuse_connection(asio::ip::tcp::socket socket, std::string_view detail) {
    beast::tcp_stream stream(std::move(socket));
    Response response = problem_response(bhttp::status::service_unavailable, detail);
    response.keep_alive(false);
    apply_default_headers(response);
    stream.expires_after(kLingerTime);
    const auto [ec, n] = co_await bhttp::async_write(stream, response, kAsTuple);
    (void)n;
    if (!ec) co_await close_gracefully(stream);
}

asio::awaitable<void> close_gracefully(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream.expires_after(kLingerTime);
    std::array<char, 16 * 1024> sink{};
    for (size_t drained = 0; drained < kLingerBytes;) {
        const auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kAsTuple);
        if (ec) break;  // the client has closed (or the linger time is over)
        drained += n;
    }
    stream.close();
}

}  // namespace grip::http
