// The limits that hold without signing in (issue 14, hole 4), against a real
// `grip serve`: one address holding many idle connections does not stop
// another address being served; a large JSON body to the sign-in route is
// refused before it is read, without the server growing; guessing a user's
// password from one address does not lock the user out from another. And
// the per-address counting itself, with time passed in.
//
// Two client addresses on one machine: a socket bound to 127.0.0.2 (the whole
// of 127.0.0.0/8 is loopback), or a trusted proxy on 127.0.0.1 forwarding for
// other addresses.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "http/client_limits.h"
#include "http_client.h"
#include "server_process.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// The resident memory of a process in KiB (VmRSS), or -1.
long resident_kib(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/status", pid));
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return -1;
}

// A TCP connection from a chosen loopback address, with every wait bounded.
class Socket {
public:
    Socket(const char* from, unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) return;
        timeval timeout{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &local.sin_addr);
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
        connected_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                     ::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0;
    }
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)), connected_(other.connected_) {}
    Socket(const Socket&) = delete;

    bool connected() const { return connected_; }
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }
    // What arrives until the header's end (and the body announced by
    // Content-Length), the server closes, or 10 seconds pass.
    std::string read_response() {
        std::string in;
        std::array<char, 4096> buffer{};
        for (;;) {
            const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
            if (n <= 0) break;
            in.append(buffer.data(), static_cast<size_t>(n));
            const size_t end = in.find("\r\n\r\n");
            if (end == std::string::npos) continue;
            const size_t length_at = in.find("Content-Length: ");
            const size_t length = length_at < end ? std::stoul(in.substr(length_at + 16)) : 0;
            if (in.size() >= end + 4 + length) break;
        }
        return in;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

unsigned status_of(const std::string& response) {
    if (!response.starts_with("HTTP/1.1 ") || response.size() < 12) return 0;
    return static_cast<unsigned>(std::stoul(response.substr(9, 3)));
}

// A store with the API's test data and one user, for `grip serve`.
void prepare_store(const std::filesystem::path& dir) {
    ASSERT_EQ(run_grip(dir, "import " + (test_data() / "api" / "base.ndjson").string()).code, 0);
    const auto added =
        run_grip(dir, "user add balie --role infopunt --organisation ORG-INFO --location LOC-ZUID --password-stdin",
                 "correct horse battery staple\n");
    ASSERT_EQ(added.code, 0) << added.err;
}

TEST(ClientLimits, AnAddressHoldsNoMoreThanItsShareOfConnections) {
    http::ClientLimits limits(3, 0, 0);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.open_connection("127.0.0.1")) << i;
    EXPECT_FALSE(limits.open_connection("127.0.0.1"));
    EXPECT_TRUE(limits.open_connection("127.0.0.2")) << "another address is not affected";
    limits.close_connection("127.0.0.1");
    EXPECT_TRUE(limits.open_connection("127.0.0.1")) << "a closed connection makes room";
    EXPECT_FALSE(limits.open_connection("127.0.0.1"));
}

TEST(ClientLimits, RequestsAfterTheBurstComeAtTheRateWithTheWaitToldInWholeSeconds) {
    http::ClientLimits limits(0, 0.5, 4);  // a burst of 4, then one request every 2 seconds
    const auto start = Clock::now();
    for (int i = 0; i < 4; ++i) EXPECT_EQ(limits.take_request("192.0.2.1", start), 0) << i;
    EXPECT_EQ(limits.take_request("192.0.2.1", start), 2);
    EXPECT_EQ(limits.take_request("192.0.2.2", start), 0) << "another address has its own burst";
    EXPECT_EQ(limits.take_request("192.0.2.1", start + std::chrono::milliseconds(1500)), 1);
    EXPECT_EQ(limits.take_request("192.0.2.1", start + std::chrono::seconds(2)), 0);
    EXPECT_EQ(limits.take_request("192.0.2.1", start + std::chrono::seconds(2)), 2);
    // Time fills the bucket up to the burst, not beyond.
    const auto later = start + std::chrono::hours(1);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(limits.take_request("192.0.2.1", later), 0) << i;
    EXPECT_GT(limits.take_request("192.0.2.1", later), 0);
    EXPECT_EQ(http::ClientLimits(0, 0, 1).take_request("192.0.2.1", start), 0) << "rate 0: no limit";
}

TEST(ClientLimits, AnIpv6ClientIsCountedByItsSlash64) {
    EXPECT_EQ(http::client_key("2001:db8:1:2::5"), http::client_key("2001:db8:1:2:ffff:1:2:3"));
    EXPECT_NE(http::client_key("2001:db8:1:2::5"), http::client_key("2001:db8:1:3::5"));
    EXPECT_EQ(http::client_key("::ffff:127.0.0.1"), "127.0.0.1");
    EXPECT_EQ(http::client_key("192.0.2.1"), "192.0.2.1");
}

TEST(ServerLimits, AnAddressHoldingManyIdleConnectionsDoesNotStopAnother) {
    TempDir dir;
    prepare_store(dir.path());
    if (HasFatalFailure()) return;
    // 1,100 sockets here and as many in the server (which inherits the limit).
    rlimit files{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
    if (files.rlim_cur < 4096 && files.rlim_max >= 4096) {
        files.rlim_cur = 4096;
        ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);
    }
    if (files.rlim_cur < 2400) GTEST_SKIP() << "the limit of open files (" << files.rlim_cur << ") is too low";
    ServerProcess server(dir.path(), {"--no-web"});
    ASSERT_NE(server.port(), 0) << read_file(dir / "serve.err");

    std::vector<Socket> idle;
    idle.reserve(1100);
    for (int i = 0; i < 1100; ++i) {
        idle.emplace_back("127.0.0.1", server.port());
        ASSERT_TRUE(idle.back().connected()) << i;
    }
    // The server takes connections in the order they came: by the time it
    // takes the next one, it has counted (or refused) all of those.
    Socket other("127.0.0.2", server.port());
    ASSERT_TRUE(other.connected());
    ASSERT_TRUE(other.send("GET /healthz HTTP/1.1\r\nHost: grip\r\n\r\n"));
    const std::string answer = other.read_response();
    EXPECT_EQ(status_of(answer), 200u) << answer;

    // The idle address got no more than its share: its next connection is refused.
    Socket more("127.0.0.1", server.port());
    ASSERT_TRUE(more.connected());
    const std::string refused = more.read_response();
    EXPECT_EQ(status_of(refused), 503u) << refused;
    EXPECT_NE(refused.find("Your address has too many open connections"), std::string::npos) << refused;
}

TEST(ServerLimits, A48MiBJsonBodyToSignInIsRefusedBeforeItIsRead) {
    TempDir dir;
    prepare_store(dir.path());
    if (HasFatalFailure()) return;
    ServerProcess server(dir.path(), {"--no-web"});
    ASSERT_NE(server.port(), 0) << read_file(dir / "serve.err");
    const std::string sign_in_header =
        "POST /api/v1/sessions HTTP/1.1\r\nHost: grip\r\nContent-Type: application/json\r\n";
    {
        // A small wrong sign-in first, so that what a sign-in needs is there before measuring.
        Socket warm("127.0.0.1", server.port());
        const std::string body = R"({"username":"balie","password":"not the password"})";
        ASSERT_TRUE(warm.send(sign_in_header + fmt::format("Content-Length: {}\r\n\r\n", body.size()) + body));
        EXPECT_EQ(status_of(warm.read_response()), 401u);
    }
    const long before = resident_kib(server.pid());
    ASSERT_GT(before, 0);

    // A JSON array of 48 MiB, announced by Content-Length and then chunked.
    constexpr size_t kBody = 48u << 20;
    std::string block(1u << 20, '1');
    for (size_t i = 1; i < block.size(); i += 2) block[i] = ',';
    for (const bool chunked : {false, true}) {
        Socket client("127.0.0.1", server.port());
        ASSERT_TRUE(client.connected());
        ASSERT_TRUE(client.send(sign_in_header + (chunked ? std::string("Transfer-Encoding: chunked\r\n\r\n")
                                                          : fmt::format("Content-Length: {}\r\n\r\n", kBody))));
        // The body goes out beside the wait for the answer, as a client
        // sends it; the server's refusal ends the sending.
        std::thread sender([&] {
            if (!client.send(chunked ? fmt::format("{:x}\r\n[", 1) + "\r\n" : "[")) return;
            for (size_t sent = 0; sent < kBody; sent += block.size()) {
                const std::string piece = chunked ? fmt::format("{:x}\r\n", block.size()) + block + "\r\n" : block;
                if (!client.send(piece)) return;
            }
        });
        const std::string answer = client.read_response();
        sender.join();
        EXPECT_EQ(status_of(answer), 413u) << (chunked ? "chunked: " : "") << answer.substr(0, 200);
        EXPECT_NE(answer.find("A JSON body is at most 64 KiB"), std::string::npos) << answer.substr(0, 400);
    }
    const long after = resident_kib(server.pid());
    EXPECT_LE(after - before, 8 * 1024) << "the server grew from " << before << " KiB to " << after << " KiB";

    // The sign-in still works with a body of the right size.
    HttpClient client(server.port());
    const auto signed_in =
        client.post("/api/v1/sessions", R"({"username":"balie","password":"correct horse battery staple"})",
                    {{"Content-Type", "application/json"}});
    EXPECT_EQ(signed_in.status, 201u) << signed_in.body;
}

TEST(ServerLimits, GuessingAPasswordFromOneAddressDoesNotLockTheUserOutFromAnother) {
    TempDir dir;
    prepare_store(dir.path());
    if (HasFatalFailure()) return;
    // Behind a proxy on 127.0.0.1 that forwards for the guesser and the user.
    ServerProcess server(dir.path(), {"--no-web", "--trusted-proxy", "127.0.0.1"});
    ASSERT_NE(server.port(), 0) << read_file(dir / "serve.err");
    HttpClient client(server.port());
    const auto attempt = [&](std::string_view from, std::string_view password) {
        return client.post("/api/v1/sessions",
                           json::serialize(json::object{{"username", "balie"}, {"password", password}}),
                           {{"Content-Type", "application/json"}, {"X-Forwarded-For", std::string(from)}});
    };

    // The guesser is held back after a few failures, long before 100.
    HttpResponse held;
    int failures = 0;
    for (int i = 0; i < 30 && held.status == 0; ++i) {
        auto response = attempt("127.0.0.7", fmt::format("guess number {}", i));
        if (response.status == 429) {
            held = response;
            continue;
        }
        ASSERT_EQ(response.status, 401u) << response.body;
        ++failures;
    }
    ASSERT_EQ(held.status, 429u) << "30 wrong passwords from one address and no throttling";
    EXPECT_LT(failures, 10);
    EXPECT_GE(std::stoi(held.header("Retry-After")), 1) << held.body;
    // The guesser keeps trying (101 attempts in all): held back, quickly.
    for (int i = failures + 1; i < 101; ++i) {
        const auto response = attempt("127.0.0.7", "one more guess");
        ASSERT_TRUE(response.status == 429u || response.status == 401u) << response.status;
    }
    // The user, elsewhere, signs in.
    const auto user = attempt("127.0.0.8", "correct horse battery staple");
    EXPECT_EQ(user.status, 201u) << user.body;
}

TEST(ApiLimits, PersonalNamesInAQueryStringAreRefusedInAnyCase) {
    ApiServer server;
    for (const char* query :
         {"?bsn=111111110", "?BSN=111111110", "?Bsn=1", "?%42SN=1", "?Given_Name=x", "?FAMILY_NAME=x",
          "?Postcode=1234AB", "?house_number=1", "?Street=x", "?suffix=a", "?Birth_Year=1980", "?NAME=x"}) {
        const auto response = server.as("balie", "GET", std::string("/api/v1/records/person") + query);
        EXPECT_EQ(response.status, 400u) << query;
        EXPECT_NE(response.body.find("personal data does not belong in a URL"), std::string::npos) << response.body;
    }
    EXPECT_EQ(server.as("balie", "GET", "/api/v1/records/person?limit=5").status, 200u);
    server.check_contract();
}

TEST(ApiLimits, JsonBodiesAreSmallAndOnlyASignedInSenderMaySendALargeFile) {
    ApiServer server;  // the server's own limit: 1 MiB
    const std::string large_json =
        R"({"id": "P-LARGE", "nationality": "PL", "note": ")" + std::string(70 * 1024, 'x') + R"("})";
    auto refused = server.as("balie", "POST", "/api/v1/records/person", large_json);
    EXPECT_EQ(refused.status, 413u) << refused.body;
    EXPECT_NE(refused.body.find("A JSON body is at most 64 KiB"), std::string::npos) << refused.body;

    std::string file;
    for (int i = 0; file.size() < 100 * 1024; ++i)
        file +=
            fmt::format(R"({{"kind": "organisation", "id": "ORG-L{}", "name": "Nieuw", "type": "zorg"}})", i) + "\n";
    refused = server.send("POST", "/api/v1/deliveries", file, {{"Content-Type", "application/x-ndjson"}});
    EXPECT_EQ(refused.status, 413u) << "not signed in: " << refused.body;
    EXPECT_NE(refused.body.find("Sign in"), std::string::npos) << refused.body;
    refused = server.as("balie", "POST", "/api/v1/deliveries", file, "application/x-ndjson");
    EXPECT_EQ(refused.status, 413u) << "a role that may not deliver: " << refused.body;
    const auto started = server.as("beheerder", "POST", "/api/v1/deliveries", file, "application/x-ndjson");
    EXPECT_EQ(started.status, 202u) << started.body;
    server.check_contract();
}

}  // namespace
}  // namespace grip::testing
