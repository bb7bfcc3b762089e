// grip serve: the JSON API and the web interface over HTTP.
// Runs until SIGINT or SIGTERM; then requests in flight finish, queued writes
// are committed and the processing log is flushed before the process ends.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "cli/commands.h"
#include "http/server.h"
#include "http/static_files.h"
#include "privacy/processing_log.h"
#include "signals/webhook.h"

namespace grip::cli {

namespace {

struct ServeArgs {
    std::string listen = "127.0.0.1:8080";
    std::string log_file;
    std::string roles_file;
    std::string oidc_file;
    std::string signals_webhook;
    std::vector<std::string> trusted_proxies;
    int io_threads = 2;
    size_t db_threads = 32;
    bool no_access_log = false;
    // Limits (see http_types.h and docs/operations.md); 0 switches a per-client limit off.
    size_t max_connections = 1024;
    size_t max_connections_per_client = 128;
    double requests_per_second = 100;
    size_t request_burst = 2000;
    size_t json_body_limit = 64 * 1024;
    size_t body_limit = 64 * 1024 * 1024;
    std::string web_dir;  // the built web interface; default: http::default_web_root
    bool no_web = false;
    api::ApiContact contact;  // the OpenAPI document's info.contact
};

Result<std::pair<std::string, unsigned short>> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return Error::invalid("--listen is ADDRESS:PORT, e.g. 127.0.0.1:8080");
    const std::string port_text = text.substr(colon + 1);
    int port = -1;
    try {
        size_t used = 0;
        port = std::stoi(port_text, &used);
        if (used != port_text.size()) port = -1;
    } catch (const std::exception&) {
        port = -1;
    }
    if (port < 0 || port > 65535) return Error::invalid("--listen: the port is a number from 0 to 65535");
    std::string address = text.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']')
        address = address.substr(1, address.size() - 2);
    return std::pair{address, static_cast<unsigned short>(port)};
}

// Each connection is a file descriptor: the soft limit (often 1,024) is
// raised towards the hard one so that max_connections can be reached.
void allow_open_files(size_t connections) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(connections) + 256);
    if (limit.rlim_cur >= wanted) return;
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) spdlog::warn("grip serve: cannot raise the limit of open files");
}

int serve(const GlobalOptions& options, const ServeArgs& args) {
    auto listen = parse_listen(args.listen);
    if (!listen) return fail(listen.error());
    std::shared_ptr<const http::StaticFiles> web;
    if (!args.no_web) {
        std::error_code ec;
        const std::filesystem::path root =
            args.web_dir.empty() ? http::default_web_root(std::filesystem::read_symlink("/proc/self/exe", ec))
                                 : std::filesystem::path(args.web_dir);
        if (!root.empty()) {
            auto loaded = http::StaticFiles::load(root);
            if (!loaded) return fail(loaded.error());
            web = std::move(*loaded);
        } else {
            fmt::print(stderr, "grip serve: no built web interface found (give --web DIR); serving the API only\n");
        }
    }
    auto ctx = open_counted_context(options);
    if (!ctx) return fail(ctx.error());

    api::ApiConfig config;
    config.db = ctx->db_location;
    config.catalogue = std::move(ctx->catalogue);
    config.keys = std::move(ctx->keys);
    config.roles_file = args.roles_file;
    config.oidc_file = args.oidc_file;
    config.log_file = args.log_file.empty() ? privacy::processing_log_file_for(ctx->db_location, ctx->key_file)
                                            : std::filesystem::path(args.log_file);
    config.threads = args.db_threads;
    config.json_body_limit = args.json_body_limit;
    if (!args.signals_webhook.empty()) {
        if (auto checked = signals::check_webhook_url(args.signals_webhook); !checked) return fail(checked.error());
        config.settings.signals_webhook = args.signals_webhook;
    }
    config.settings.contact = args.contact;
    ctx->store.reset();
    auto api = api::Api::create(std::move(config));
    if (!api) return fail(api.error());

    http::ServerConfig server_config;
    server_config.address = listen->first;
    server_config.port = listen->second;
    server_config.io_threads = args.io_threads;
    server_config.trusted_proxies = args.trusted_proxies;
    server_config.access_log = !args.no_access_log;
    server_config.max_connections = args.max_connections;
    server_config.max_connections_per_client = args.max_connections_per_client;
    server_config.requests_per_second_per_client = args.requests_per_second;
    server_config.request_burst_per_client = args.request_burst;
    server_config.body_limit = args.body_limit;
    allow_open_files(args.max_connections);
    api::Api& app = **api;
    auto server =
        http::Server::create(server_config,
                             http::with_static_files(web,
                                                     [&app](http::Request&& request, const http::RequestInfo& info) {
                                                         return app.handle(std::move(request), info);
                                                     }),
                             [&app](const http::Request& header, const http::RequestInfo& info) {
                                 return app.body_limit(header, info);
                             });
    if (!server) return fail(server.error());
    (*server)->stop_on_signals();

    // The processing log reaches the disk at least every 200 ms (changes of
    // personal data at once).
    std::mutex mutex;
    std::condition_variable wake;
    bool done = false;
    // Cases past their deadline get their signal at start and every ten minutes.
    std::thread flusher([&] {
        std::unique_lock lock(mutex);
        auto next_signal = std::chrono::steady_clock::now();
        auto next_retention = next_signal;
        while (!wake.wait_for(lock, std::chrono::milliseconds(200), [&] { return done; })) {
            if (auto flushed = app.flush(); !flushed) spdlog::error("processing log: {}", flushed.error().message);
            if (std::chrono::steady_clock::now() < next_signal) continue;
            next_signal += std::chrono::minutes(10);
            // Personal data past its retention period goes at start and once a day.
            if (std::chrono::steady_clock::now() >= next_retention) {
                next_retention += std::chrono::hours(24);
                if (auto removed = app.run_retention(); !removed)
                    spdlog::error("retention: {}", removed.error().message);
                else if (*removed > 0)
                    spdlog::info("retention: the personal data of {} record(s) past their period was removed",
                                 *removed);
            }
            if (auto signals = app.signal_deadlines(); !signals)
                spdlog::error("deadline signals: {}", signals.error().message);
            else if (*signals > 0) spdlog::info("{} case(s) passed a deadline", *signals);
        }
    });

    if (web) fmt::print("The web interface: {} ({} files)\n", web->root().string(), web->file_count());
    fmt::print("Grip listens on http://{}:{}/ (stop with Ctrl-C)\n", listen->first, (*server)->port());
    std::fflush(stdout);
    (*server)->run();
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    wake.notify_all();
    flusher.join();
    app.stop();
    fmt::print("Grip stopped.\n");
    return 0;
}

}  // namespace

void register_serve_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<ServeArgs>();
    auto* cmd =
        app.add_subcommand("serve",
                           "Serve the web interface and the JSON API over HTTP (put a TLS-terminating proxy in front)");
    cmd->add_option("--listen", args->listen, "ADDRESS:PORT to listen on (default 127.0.0.1:8080; port 0 picks one)");
    cmd->add_option(
        "--log", args->log_file,
        "The processing log (default: beside the store file, <db>.processing-log.ndjson; for PostgreSQL beside the key "
        "file, <database>.processing-log.ndjson)");
    cmd->add_option("--roles", args->roles_file, "The role table (default: roles.json beside the catalogue)");
    cmd->add_option("--oidc", args->oidc_file,
                    "Sign-in through the municipality's identity provider (OpenID Connect): the configuration file "
                    "(see docs/operations.md)");
    cmd->add_option("--trusted-proxy", args->trusted_proxies,
                    "An address (or network, 10.0.0.0/8) of a reverse proxy whose X-Forwarded-For/-Proto are believed");
    cmd->add_option("--io-threads", args->io_threads, "Threads for network I/O (default 2)")->check(CLI::Range(1, 64));
    cmd->add_option("--db-threads", args->db_threads,
                    "Threads for database work (default 32; writes wait on them for their group commit)")
        ->check(CLI::Range(1, 256));
    cmd->add_option(
        "--web", args->web_dir,
        "The folder of the built web interface (default: $GRIP_WEB_DIR, web/ beside the program, share/grip/web)");
    cmd->add_flag("--no-web", args->no_web, "Serve the API only, not the web interface");
    cmd->add_flag("--no-access-log", args->no_access_log, "No log line per request (for benchmarks)");
    cmd->add_option("--max-connections", args->max_connections, "Open connections in all (default 1024; beyond: 503)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 20));
    cmd->add_option("--max-connections-per-client", args->max_connections_per_client,
                    "Open connections from one address, a trusted proxy's not counted (default 128; 0: no limit)");
    cmd->add_option("--requests-per-second", args->requests_per_second,
                    "Requests per second from one client address after a burst (default 100; 0: no limit; beyond: 429)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--request-burst", args->request_burst,
                    "Requests one client address may make at once (default 2000)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30));
    cmd->add_option("--signals-webhook", args->signals_webhook,
                    "A URL that receives a JSON POST for each signal that appears or ends (the municipality's "
                    "notification system)");
    cmd->add_option(
        "--api-contact-name", args->contact.name,
        "Who answers for the API here, for its OpenAPI document (with --api-contact-email and --api-contact-url)");
    cmd->add_option("--api-contact-email", args->contact.email, "The API contact's e-mail address");
    cmd->add_option("--api-contact-url", args->contact.url, "The API contact's web page");
    cmd->add_option("--json-body-limit", args->json_body_limit,
                    "Bytes of a JSON request body (default 65536; beyond: 413)")
        ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
    cmd->add_option("--body-limit", args->body_limit,
                    "Bytes of a delivery file sent to the API, read only once its sender is signed in (default 64 MiB)")
        ->check(CLI::Range(size_t{1024}, size_t{1} << 40));
    cmd->callback([&options, &exit_code, args] { exit_code = serve(options, *args); });
}

}  // namespace grip::cli
