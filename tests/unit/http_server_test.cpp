// The HTTP server core against real sockets: keep-alive, the limits and the
// problem responses of the core, the default headers, a handler's exception,
// slow clients, the connection limit and a graceful stop.

#include "http/server.h"

#include <csignal>
#include <future>
#include <latch>
#include <sstream>
#include <thread>

#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "http/offload.h"
#include "http_client.h"

namespace grip::http {
namespace {

namespace bhttp = beast::http;
using testing::HttpClient;
using testing::RawConnection;

Response text(bhttp::status status, std::string body) {
    Response response{status, 11};
    response.set(bhttp::field::content_type, "text/plain");
    response.body() = std::move(body);
    return response;
}

// Answers "METHOD TARGET BODY", and tells the client address it saw.
asio::awaitable<Response> echo(Request&& request, const RequestInfo& info) {
    Response response =
        text(bhttp::status::ok, fmt::format("{} {} {}", request.method_string(), request.target(), request.body()));
    response.set("X-Client-Ip", info.client_ip);
    response.set("X-Secure", info.secure ? "yes" : "no");
    co_return response;
}

ServerConfig quiet_config() {
    ServerConfig config;
    config.port = 0;
    config.access_log = false;
    return config;
}

std::unique_ptr<Server> started(ServerConfig config, Handler handler = echo, BodyLimiter body_limiter = {}) {
    auto server = Server::create(std::move(config), std::move(handler), std::move(body_limiter));
    if (!server) ADD_FAILURE() << server.error().message;
    if (!server) return nullptr;
    (*server)->start();
    return std::move(*server);
}

// The log lines written while it exists.
class CapturedLog {
public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        sink->set_pattern("%l %v");
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    std::string text() {
        spdlog::default_logger()->flush();
        return out_.str();
    }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream out_;
};

void expect_problem(const testing::HttpResponse& response, unsigned status) {
    EXPECT_EQ(response.status, status) << response.error << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/problem+json");
    EXPECT_NE(response.body.find(fmt::format("\"status\":{}", status)), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("\"type\":\"about:blank\""), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("\"detail\":"), std::string::npos) << response.body;
}

// The "error_id" of a problem body when it is 16 lowercase hex digits, or "".
std::string error_id_in(const std::string& body) {
    const std::string key = "\"error_id\":\"";
    const size_t at = body.find(key);
    if (at == std::string::npos || body.size() < at + key.size() + 17) return {};
    const std::string id = body.substr(at + key.size(), 16);
    const bool hex = id.find_first_not_of("0123456789abcdef") == std::string::npos;
    return hex && body[at + key.size() + 16] == '"' ? id : std::string();
}

TEST(HttpServer, AnswersWithTheHandlersResponseAndTheDefaultHeaders) {
    auto server = started(quiet_config());
    HttpClient client(server->port());
    const auto response = client.post("/hello?x=1", "body");
    EXPECT_EQ(response.status, 200u) << response.error;
    EXPECT_EQ(response.body, "POST /hello?x=1 body");
    EXPECT_EQ(response.header("Content-Length"), "20");
    EXPECT_EQ(response.header("Server"), "grip");
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    EXPECT_EQ(response.header("Content-Security-Policy"), "default-src 'self'; frame-ancestors 'none'");
    EXPECT_EQ(response.header("X-Client-Ip"), "127.0.0.1");
    EXPECT_EQ(response.header("X-Secure"), "no");
}

TEST(HttpServer, DefaultHeadersDoNotOverrideTheHandlers) {
    auto server = started(quiet_config(), [](Request&&, const RequestInfo&) -> asio::awaitable<Response> {
        Response response = text(bhttp::status::ok, "cached");
        response.set("Cache-Control", "max-age=60");
        response.set("Server", "pretending");
        co_return response;
    });
    const auto response = HttpClient(server->port()).get("/");
    EXPECT_EQ(response.header("Cache-Control"), "max-age=60");
    EXPECT_EQ(response.header("Server"), "grip");
}

TEST(HttpServer, KeepsTheConnectionAliveUntilTheClientSaysClose) {
    auto server = started(quiet_config());
    HttpClient client(server->port());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(client.get("/" + std::to_string(i)).status, 200u);
    EXPECT_EQ(client.connections_opened(), 1);

    const auto last = client.get("/last", {{"Connection", "close"}});
    EXPECT_EQ(last.status, 200u);
    EXPECT_TRUE(last.closes());
    EXPECT_EQ(client.get("/again").status, 200u);
    EXPECT_EQ(client.connections_opened(), 2);
}

TEST(HttpServer, ClosesAfterAConnectionCloseRequest) {
    auto server = started(quiet_config());
    RawConnection raw(server->port());
    ASSERT_TRUE(raw.send("GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const auto rest = raw.read_until_closed();
    EXPECT_TRUE(rest.closed);
    EXPECT_EQ(rest.bytes.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << rest.bytes;
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
    auto server = started(quiet_config());
    RawConnection raw(server->port());
    ASSERT_TRUE(
        raw.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                 "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                 "GET /c HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(raw.read_response().body, "GET /a ");
    EXPECT_EQ(raw.read_response().body, "POST /b abc");
    EXPECT_EQ(raw.read_response().body, "GET /c ");
}

TEST(HttpServer, AnswersHeadWithTheLengthOfTheBodyButNoBody) {
    auto server = started(quiet_config());
    HttpClient client(server->port());
    const auto head = client.request("HEAD", "/thing");
    EXPECT_EQ(head.status, 200u);
    EXPECT_EQ(head.header("Content-Length"), "12");  // "HEAD /thing "
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(client.get("/after").body, "GET /after ");  // no stray body bytes in between
}

TEST(HttpServer, AMalformedRequestGets400AndTheConnectionCloses) {
    auto server = started(quiet_config());
    RawConnection raw(server->port());
    ASSERT_TRUE(raw.send("this is not http\r\n\r\n"));
    expect_problem(raw.read_response(), 400);
    EXPECT_TRUE(raw.read_until_closed().closed);
}

TEST(HttpServer, AHeaderOverTheLimitGets431) {
    auto config = quiet_config();
    config.header_limit = 1024;
    auto server = started(config);
    HttpClient client(server->port());
    const auto response = client.get("/", {{"X-Big", std::string(2000, 'a')}});
    expect_problem(response, 431);
    EXPECT_TRUE(response.closes());
    EXPECT_EQ(client.get("/", {{"X-Small", "a"}}).status, 200u);
}

TEST(HttpServer, ABodyOverTheLimitGets413BeforeItIsSent) {
    auto config = quiet_config();
    config.body_limit = 1000;
    auto server = started(config);
    RawConnection raw(server->port());
    // Only the header: the answer must not wait for the megabyte announced.
    ASSERT_TRUE(raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"));
    const auto response = raw.read_response();
    expect_problem(response, 413);
    EXPECT_TRUE(response.closes());
    EXPECT_TRUE(raw.read_until_closed().closed);

    HttpClient client(server->port());
    EXPECT_EQ(client.post("/upload", std::string(1000, 'x')).status, 200u);
}

TEST(HttpServer, AChunkedBodyOverTheLimitGets413) {
    auto config = quiet_config();
    config.body_limit = 1000;
    auto server = started(config);
    RawConnection raw(server->port());
    const std::string chunk(600, 'x');
    ASSERT_TRUE(
        raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "258\r\n" +
                 chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
    expect_problem(raw.read_response(), 413);
}

// Takes 10 bytes on /small (and says why beyond), the server's limit elsewhere.
asio::awaitable<BodyLimit> small_on_small(const Request& header, const RequestInfo&) {
    if (header.target() == "/small") co_return BodyLimit{10, "Ten bytes on /small."};
    co_return BodyLimit{SIZE_MAX, ""};
}

TEST(HttpServer, TheApplicationsBodyLimitHoldsBeforeTheBodyIsRead) {
    auto config = quiet_config();
    config.body_limit = 1000;
    auto server = started(config, echo, small_on_small);
    {
        RawConnection raw(server->port());
        // Only the header, and the answer comes: nothing of the body was awaited.
        ASSERT_TRUE(raw.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"));
        const auto response = raw.read_response();
        expect_problem(response, 413);
        EXPECT_NE(response.body.find("Ten bytes on /small."), std::string::npos) << response.body;
        EXPECT_TRUE(response.closes());
    }
    {
        RawConnection raw(server->port());
        ASSERT_TRUE(
            raw.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"));
        expect_problem(raw.read_response(), 413);
    }
    {
        // No 100 Continue for a body that would be refused.
        RawConnection raw(server->port());
        ASSERT_TRUE(raw.send("PUT /small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 50\r\n\r\n"));
        expect_problem(raw.read_response(), 413);
    }
    HttpClient client(server->port());
    EXPECT_EQ(client.post("/small", "0123456789").status, 200u);
    EXPECT_EQ(client.post("/large", std::string(1000, 'x')).status, 200u);
    EXPECT_EQ(client.post("/large", std::string(1001, 'x')).status, 413u) << "never beyond the server's body_limit";
}

TEST(HttpServer, AClientBeyondItsRequestRateGets429WithRetryAfter) {
    auto config = quiet_config();
    config.requests_per_second_per_client = 0.001;  // after the burst, one request in 1000 s
    config.request_burst_per_client = 3;
    config.trusted_proxies = {"127.0.0.1"};  // to speak for two clients from here
    auto server = started(config);
    const testing::HttpHeaders first = {{"X-Forwarded-For", "203.0.113.7"}};
    HttpClient client(server->port());
    for (int i = 0; i < 3; ++i) ASSERT_EQ(client.get("/", first).status, 200u) << i;
    const auto refused = client.get("/", first);
    expect_problem(refused, 429);
    EXPECT_EQ(refused.header("Retry-After"), "1000");
    EXPECT_TRUE(refused.closes());
    EXPECT_EQ(HttpClient(server->port()).get("/", {{"X-Forwarded-For", "203.0.113.8"}}).status, 200u)
        << "another client has its own rate";
}

TEST(HttpServer, AnswersExpect100Continue) {
    auto server = started(quiet_config());
    RawConnection raw(server->port());
    ASSERT_TRUE(raw.send("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
    EXPECT_EQ(raw.read_response().status, 100u);
    ASSERT_TRUE(raw.send("hello"));
    EXPECT_EQ(raw.read_response().body, "PUT /x hello");
}

TEST(HttpServer, AHandlersExceptionGives500WithAnErrorIdAndIsLogged) {
    CapturedLog log;
    auto server = started(quiet_config(), [](Request&& request, const RequestInfo& info) -> asio::awaitable<Response> {
        if (request.target().starts_with("/boom")) throw std::runtime_error("the handler broke");
        co_return co_await echo(std::move(request), info);
    });
    HttpClient client(server->port());
    const auto response = client.get("/boom?bsn=123456782");
    expect_problem(response, 500);
    const std::string id = error_id_in(response.body);
    ASSERT_EQ(id.size(), 16u) << response.body;
    EXPECT_EQ(response.body.find("the handler broke"), std::string::npos) << "the client gets no internals";
    EXPECT_EQ(response.header("Cache-Control"), "no-store");

    EXPECT_EQ(client.get("/fine").status, 200u) << "the connection and the server go on";
    const std::string text = log.text();
    EXPECT_NE(text.find("error_id=" + id), std::string::npos) << text;
    EXPECT_NE(text.find("the handler broke"), std::string::npos) << text;
    EXPECT_NE(text.find("path=/boom "), std::string::npos) << text;
    EXPECT_EQ(text.find("bsn"), std::string::npos) << "no query string in the log: " << text;
}

TEST(HttpServer, WritesAnAccessLineWithoutTheQueryString) {
    CapturedLog log;
    auto config = quiet_config();
    config.access_log = true;
    auto server = started(config);
    EXPECT_EQ(HttpClient(server->port()).post("/records?bsn=123456782", "a private body").status, 200u);
    server->stop();  // the line is written after the response; stop() waits for it
    const std::string text = log.text();
    EXPECT_NE(text.find("info http method=POST path=/records status=200 bytes="), std::string::npos) << text;
    EXPECT_NE(text.find(" ms="), std::string::npos) << text;
    EXPECT_EQ(text.find("bsn"), std::string::npos) << text;
    EXPECT_EQ(text.find("private"), std::string::npos) << text;
}

TEST(HttpServer, BelievesForwardedHeadersOnlyFromATrustedProxy) {
    const testing::HttpHeaders forwarded = {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}};
    auto direct = started(quiet_config());
    auto response = HttpClient(direct->port()).get("/", forwarded);
    EXPECT_EQ(response.header("X-Client-Ip"), "127.0.0.1");
    EXPECT_EQ(response.header("X-Secure"), "no");

    auto config = quiet_config();
    config.trusted_proxies = {"127.0.0.1"};
    auto behind_proxy = started(config);
    response = HttpClient(behind_proxy->port()).get("/", forwarded);
    EXPECT_EQ(response.header("X-Client-Ip"), "203.0.113.7");
    EXPECT_EQ(response.header("X-Secure"), "yes");
}

TEST(HttpServer, ASlowClientIsClosedWithoutHoldingUpOthers) {
    auto config = quiet_config();
    config.io_threads = 1;  // even a single I/O thread serves the others meanwhile
    config.read_timeout = std::chrono::seconds(1);
    config.idle_timeout = std::chrono::seconds(1);
    auto server = started(config);

    RawConnection slow(server->port());
    ASSERT_TRUE(slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n"));  // and never the blank line
    RawConnection silent(server->port());                         // connects and sends nothing
    RawConnection idle(server->port());
    ASSERT_TRUE(idle.send("GET /once HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(idle.read_response().status, 200u);

    HttpClient client(server->port());
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.get("/quick").status, 200u);

    EXPECT_TRUE(slow.read_until_closed().closed);
    EXPECT_TRUE(silent.read_until_closed().closed);
    EXPECT_TRUE(idle.read_until_closed().closed) << "a keep-alive connection is closed after idle_timeout";
}

TEST(HttpServer, BeyondMaxConnectionsANewConnectionGets503) {
    auto config = quiet_config();
    config.max_connections = 2;
    config.requests_per_second_per_client = 0;  // the retries below are many
    auto server = started(config);
    HttpClient first(server->port());
    HttpClient second(server->port());
    ASSERT_EQ(first.get("/").status, 200u);  // answered, so counted by the server
    ASSERT_EQ(second.get("/").status, 200u);

    RawConnection third(server->port());
    ASSERT_TRUE(third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    const auto refused = third.read_response();
    expect_problem(refused, 503);
    EXPECT_TRUE(refused.closes());
    EXPECT_TRUE(third.read_until_closed().closed);

    // Once a connection ends there is room again; the server notices the end
    // a moment after the client, so a few refusals may come first.
    first.close();
    unsigned status = 0;
    for (int attempt = 0; attempt < 10000 && status != 200; ++attempt)
        status = HttpClient(server->port()).get("/").status;
    EXPECT_EQ(status, 200u);
    EXPECT_EQ(second.get("/").status, 200u);
}

TEST(HttpServer, StopLetsTheRequestInFlightFinishAndRefusesNewConnections) {
    asio::thread_pool pool(1);
    std::promise<void> entered;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    auto server = started(quiet_config(), [&](Request&& request, const RequestInfo& info) -> asio::awaitable<Response> {
        if (request.target() != "/wait") co_return co_await echo(std::move(request), info);
        co_return co_await offload(pool, [&] {
            entered.set_value();
            released.wait();
            return text(bhttp::status::ok, "finished");
        });
    });
    const unsigned short port = server->port();

    RawConnection idle(port);
    ASSERT_TRUE(idle.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(idle.read_response().status, 200u);

    std::future<testing::HttpResponse> in_flight =
        std::async(std::launch::async, [port] { return HttpClient(port).get("/wait"); });
    entered.get_future().wait();
    std::thread stopper([&] { server->stop(); });

    // The listening socket closes at once; the in-flight request keeps the
    // server running. (Each try either connects, to a server that closes
    // the new connection, or is refused.)
    bool refused = false;
    for (int attempt = 0; attempt < 100000 && !refused; ++attempt) refused = !testing::can_connect(port);
    EXPECT_TRUE(refused);
    EXPECT_TRUE(idle.read_until_closed().closed) << "an idle keep-alive connection is closed at once";

    release.set_value();
    const auto response = in_flight.get();
    EXPECT_EQ(response.status, 200u) << response.error;
    EXPECT_EQ(response.body, "finished");
    EXPECT_TRUE(response.closes());
    stopper.join();
    EXPECT_FALSE(testing::can_connect(port));
    server->stop();  // again: nothing happens
}

TEST(HttpServer, StopFromAHandlerEndsRun) {
    Server* self = nullptr;
    auto created = Server::create(quiet_config(), [&](Request&&, const RequestInfo&) -> asio::awaitable<Response> {
        self->stop();  // on an I/O thread: starts the shutdown and returns
        co_return text(bhttp::status::ok, "stopping");
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
    auto server = std::move(*created);
    self = server.get();
    std::thread runner([&] { server->run(); });
    const auto response = HttpClient(server->port()).get("/");
    EXPECT_EQ(response.body, "stopping");
    EXPECT_TRUE(response.closes());
    runner.join();  // run() returns
}

TEST(HttpServer, StopsOnSigterm) {
    auto created = Server::create(quiet_config(), echo);
    ASSERT_TRUE(created.ok()) << created.error().message;
    auto server = std::move(*created);
    server->stop_on_signals();
    std::thread runner([&] { server->run(); });
    std::raise(SIGTERM);
    runner.join();
    EXPECT_FALSE(testing::can_connect(server->port()));
}

TEST(HttpServer, APortInUseIsAnIoError) {
    auto first = started(quiet_config());
    auto config = quiet_config();
    config.port = first->port();
    auto second = Server::create(config, echo);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::Io);
    EXPECT_NE(second.error().message.find("127.0.0.1:" + std::to_string(first->port())), std::string::npos)
        << second.error().message;

    config.address = "localhost:80";
    EXPECT_FALSE(Server::create(config, echo).ok());
}

}  // namespace
}  // namespace grip::http
