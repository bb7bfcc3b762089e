#pragma once
// A real Grip server for the API tests: a store in a temporary folder with
// the users of every role, the API and the HTTP server on a free loopback
// port, and a clock the test moves. Every exchange is recorded, and at the
// end of each test checked against the served OpenAPI document.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api.h"
#include "api/openapi.h"
#include "common/clock.h"
#include "http/server.h"
#include "http_client.h"
#include "test_support.h"

namespace grip::testing {

// The users of the test installation, one per role, and one more infopunt
// user of another organisation.
struct TestUser {
    std::string name, role, organisation;
    std::vector<std::string> locations;
    std::string municipality = "GM0599";  // the store's data (base.ndjson) is GM0599's
};
// The municipality of the users named "dh-...": the same roles, organisation
// and location ids as GM0599's users, and no data of its own.
inline constexpr std::string_view kOtherMunicipality = "GM0518";
const std::vector<TestUser>& test_users();
inline constexpr std::string_view kTestPassword = "correct horse battery staple";

class ApiServer {
public:
    struct Options {
        size_t body_limit = 1024 * 1024;
        std::chrono::seconds read_timeout{30};
        std::filesystem::path web_root;        // a built web interface to serve beside the API (as grip serve does)
        std::filesystem::path catalogue_file;  // the catalogue to run on (default: the shipped one)
    };
    ApiServer() : ApiServer(Options{}) {}
    explicit ApiServer(Options options);
    ~ApiServer();

    unsigned short port() const { return server_->port(); }
    grip::ManualClock& clock() { return clock_; }
    api::Api& api() { return *api_; }
    const std::filesystem::path& log_file() const { return log_file_; }
    const std::filesystem::path& key_file() const { return key_file_; }
    const std::string& db() const { return db_; }  // the store's location

    // A request with the API token of a user (or none when user is empty).
    HttpResponse as(const std::string& user, std::string_view method, std::string_view target, std::string body = {},
                    std::string_view content_type = "application/json", HttpHeaders headers = {});
    // A request with whatever headers the test gives (cookies, CSRF).
    HttpResponse send(std::string_view method, std::string_view target, std::string body = {},
                      HttpHeaders headers = {});
    std::string token_of(const std::string& user) const { return tokens_.at(user); }

    // A session of a user as a person signs in: the password, then, for a
    // role with personal data, the second factor's code (the first time an
    // enrolment, whose secret the fixture keeps to compute later codes with
    // liboath, as the user's authenticator app would). Fails the test when a
    // step is refused.
    struct Session {
        std::string cookie;  // the Cookie header's value
        std::string csrf;
        boost::json::object who;  // the last answer about the session
    };
    Session sign_in(const std::string& user, const std::string& password = std::string(kTestPassword));
    // The password step alone: the answer (201 with `pending`, or a refusal).
    HttpResponse sign_in_password(const std::string& user, const std::string& password);
    // The TOTP secret (raw bytes) the fixture enrolled for a user, or empty.
    std::string totp_secret(const std::string& user) const {
        auto it = totp_secrets_.find(user);
        return it == totp_secrets_.end() ? std::string() : it->second;
    }
    void set_totp_secret(const std::string& user, std::string secret) { totp_secrets_[user] = std::move(secret); }
    // A code of the user's secret that has not been used: of a step later
    // than the last one the fixture used, within the window the server
    // accepts; when there is none, the test's clock moves to the next step.
    std::string fresh_code(const std::string& user);
    // The session's cookie and CSRF headers for a write.
    static HttpHeaders with(const Session& session, bool json_body = true);
    // Follows a delivery job (its Location) until it has finished: the job
    // runs on the writer thread; each poll is a request, there is no sleeping.
    boost::json::object finished_job(const std::string& user, const std::string& location);

    // Checks every exchange of this server against its OpenAPI document (and
    // the router against the document); adds a test failure when it does not hold.
    void check_contract();
    // Adds the exchanges of `other` (a server with the same routes) to this
    // server's, so that one check covers both: starting the checker costs
    // seconds, a server for one request milliseconds.
    void adopt_exchanges(const ApiServer& other);

private:
    TempDir dir_;
    std::string db_;
    std::filesystem::path key_file_, log_file_, exchanges_file_;
    grip::ManualClock clock_;
    std::map<std::string, std::string> tokens_;
    std::map<std::string, std::string> totp_secrets_;
    std::map<std::string, int64_t> totp_last_step_;
    std::unique_ptr<api::Api> api_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<HttpClient> client_;
};

boost::json::value parse_body(const HttpResponse& response);

// The TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of a raw secret at a time,
// by liboath: what an authenticator app shows.
std::string totp_code(const std::string& secret, int64_t unix_seconds);
// The raw secret of a base32 text, by liboath.
std::string totp_secret_of(const std::string& base32);
// The value for a Cookie header from a Set-Cookie header.
std::string cookie_of(const HttpResponse& response);

}  // namespace grip::testing
