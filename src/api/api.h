#pragma once
// The JSON API of Grip (/api/v1): routing, sign-in by session cookie or API
// token, CSRF protection, the role table, trace context and the processing
// log around every handler. The HTTP server (src/http) hands it complete
// requests; the work runs on the API's own threads, next to the store.

#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>

#include "api/router.h"
#include "api/services.h"
#include "auth/credential_cache.h"
#include "catalogue/catalogue_loader.h"
#include "common/clock.h"
#include "http/server.h"
#include "privacy/keyring.h"

namespace grip::api {

struct ApiConfig {
    std::string db;  // the store's location
    catalogue::LoadedCatalogue catalogue;
    privacy::Keyring keys;
    std::filesystem::path roles_file;      // default: catalogue/roles.json
    std::filesystem::path workflows_file;  // default: workflows.json beside the catalogue
    std::filesystem::path log_file;        // the processing log
    size_t threads = 32;                   // threads for database work (writes wait on them for their group commit)
    const Clock* clock = nullptr;          // default: the system clock
    // The body of a request to a route that takes JSON; a delivery file may be
    // as large as the server's body_limit, once its sender is known (body_limit()).
    size_t json_body_limit = 64 * 1024;
    Settings settings;
    // Sign-in through the municipality's identity provider (OpenID Connect,
    // auth/oidc_config.h); empty: not offered.
    std::filesystem::path oidc_file;
};

class Api {
public:
    static Result<std::unique_ptr<Api>> create(ApiConfig config);
    ~Api();

    // For the server: runs the request on the API's threads.
    boost::asio::awaitable<http::Response> handle(http::Request request, http::RequestInfo info);
    // Handles a request on the calling thread.
    http::Response handle_now(const http::Request& request, const http::RequestInfo& info);
    // For the server (http::BodyLimiter), before a request's body is read:
    // json_body_limit, except for a route that takes files, whose caller may
    // send a large body once the session or API token is checked (on the
    // API's threads) and the role may call the route.
    boost::asio::awaitable<http::BodyLimit> body_limit(const http::Request& header, const http::RequestInfo& info);

    const Router& router() const { return router_; }
    // The sessions and API tokens checked in the last second (for the tests).
    const auth::CredentialCache& credentials() const { return *credentials_; }
    // The processing log the API writes (for the tests).
    const privacy::ProcessingLog& processing_log() const { return *log_; }
    boost::json::object openapi() const;
    // Makes the processing log durable; the server calls it now and then and at the end.
    Status flush();
    // Writes a deadline_passed event to each open case past its deadline
    // (once per state); the server calls it now and then. The number of cases.
    Result<int> signal_deadlines();
    // Removes the personal data past its retention period in every
    // municipality of the installation (retention::plan, apply), each removal
    // in the processing log; the server calls it once a day. The number of
    // records whose personal data went.
    Result<int64_t> run_retention();
    // Finishes queued writes and stops the writer.
    void stop();

private:
    explicit Api(ApiConfig config);
    // handle_now without the removal of a stale session cookie.
    http::Response answer(const http::Request& request, const http::RequestInfo& info);
    // A refusal (401, 403) when the call may not go on; sets call.actor.
    Result<std::optional<http::Response>> authenticate(Call& call, const Route& route);
    // Whether the request's session or API token may call the route.
    bool may_call(const http::Request& header, const http::RequestInfo& info, const Route& route);

    ApiConfig config_;
    std::unique_ptr<Clock> own_clock_;
    std::unique_ptr<auth::OidcClient> oidc_;
    auth::RoleTable roles_;
    casework::Workflows workflows_;
    CatalogueFiles catalogue_files_;
    std::unique_ptr<privacy::ProcessingLog> log_;
    std::unique_ptr<auth::CredentialCache> credentials_;
    std::unique_ptr<ConnectionPool> pool_;
    std::unique_ptr<Writer> writer_;
    Jobs jobs_;
    auth::SignInThrottle signin_throttle_;
    std::unique_ptr<Services> services_;
    Router router_;
    boost::asio::thread_pool threads_;
};

}  // namespace grip::api
