#include "http/server.h"

#include <sodium.h>

#include <csignal>
#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/client_address.h"
#include "http/connection.h"
#include "http/server_state.h"

namespace grip::http {
namespace {

using asio::ip::tcp;

// Logs what escaped a coroutine of the server; nothing should.
void log_escaped(const std::exception_ptr& error) {
    if (!error) return;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        spdlog::error("http: unexpected exception in the server: {}", e.what());
    } catch (...) {
        spdlog::error("http: unexpected exception in the server");
    }
}

}  // namespace

ServerState::ServerState(ServerConfig config, Handler handler, BodyLimiter body_limiter)
    : config_(std::move(config)), handler_(std::move(handler)), body_limiter_(std::move(body_limiter)),
      client_limits_(config_.max_connections_per_client, config_.requests_per_second_per_client,
                     static_cast<double>(config_.request_burst_per_client)),
      control_(asio::make_strand(io_)), acceptor_(control_), shutdown_timer_(control_) {}

ServerState::~ServerState() {
    stop();
    // Coroutine frames that a forced stop left behind are destroyed with io_;
    // they must not post to the members already gone by then.
    destroying_ = true;
}

Status ServerState::listen() {
    const std::string where = fmt::format("{}:{}", config_.address, config_.port);
    beast::error_code ec;
    const auto address = asio::ip::make_address(config_.address, ec);
    if (ec) return Error::io(fmt::format("cannot listen on {}: '{}' is not an IP address", where, config_.address));
    const tcp::endpoint endpoint(address, config_.port);
    if (acceptor_.open(endpoint.protocol(), ec); !ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error::io(fmt::format("cannot listen on {}: {}", where, ec.message()));
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(control_, accept_loop(), log_escaped);
    return ok_status();
}

void ServerState::run() {
    const int extra = config_.io_threads - 1;
    {
        std::lock_guard lock(threads_mutex_);
        running_threads_ += extra + 1;
    }
    std::vector<std::thread> helpers;
    for (int i = 0; i < extra; ++i) helpers.emplace_back([this] { run_io_thread(); });
    run_io_thread();
    for (auto& helper : helpers) helper.join();
}

void ServerState::start() {
    std::lock_guard lock(threads_mutex_);
    running_threads_ += config_.io_threads;
    for (int i = 0; i < config_.io_threads; ++i) threads_.emplace_back([this] { run_io_thread(); });
}

void ServerState::run_io_thread() {
    for (;;) {
        try {
            io_.run();
            break;
        } catch (const std::exception& e) {
            // Only work that the application posted to io() can throw here.
            spdlog::error("http: an I/O thread caught an exception: {}", e.what());
        }
    }
    std::lock_guard lock(threads_mutex_);
    if (--running_threads_ == 0) threads_done_.notify_all();
}

void ServerState::stop() {
    if (!stopping_.exchange(true)) asio::post(control_, [this] { begin_shutdown(); });
    // On an I/O thread, waiting for the I/O threads would wait for itself.
    if (io_.get_executor().running_in_this_thread()) return;
    std::unique_lock lock(threads_mutex_);
    threads_done_.wait(lock, [this] { return running_threads_ == 0; });
    std::vector<std::thread> threads = std::move(threads_);
    threads_.clear();
    lock.unlock();
    for (auto& thread : threads) thread.join();
}

void ServerState::stop_on_signals() {
    std::lock_guard lock(signals_mutex_);
    if (stopping_ || signals_) return;
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](const beast::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("http: signal {}, stopping", signal);
        stop();
    });
}

asio::awaitable<void> ServerState::accept_loop() {
    for (;;) {
        auto [ec, socket] =
            co_await acceptor_.async_accept(asio::make_strand(io_), asio::as_tuple(asio::use_awaitable));
        if (stopping_ || ec == asio::error::operation_aborted) break;
        if (ec) {
            // Out of file descriptors, for instance; the next accept may work.
            spdlog::warn("http: accepting a connection failed: {}", ec.message());
            if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
                asio::steady_timer pause(control_, std::chrono::milliseconds(100));
                co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);

        // One address may hold only so many connections, so that it cannot
        // take every place (max_connections) from the others. A trusted
        // proxy speaks for many clients: its connections are not counted.
        std::string counted;
        {
            const auto peer = socket.remote_endpoint(ec);
            const std::string peer_ip = ec ? std::string() : canonical_ip(peer.address().to_string());
            if (!peer_ip.empty() && !is_trusted_proxy(peer_ip, config_.trusted_proxies)) {
                counted = client_key(peer_ip);
                if (!client_limits_.open_connection(counted)) {
                    const auto executor = socket.get_executor();
                    asio::co_spawn(executor,
                                   refuse_connection(std::move(socket),
                                                     "Your address has too many open connections. Close some, or "
                                                     "try again shortly."),
                                   log_escaped);
                    continue;
                }
            }
        }

        std::unique_lock lock(connections_mutex_);
        if (connections_.size() >= config_.max_connections) {
            lock.unlock();
            if (!counted.empty()) client_limits_.close_connection(counted);
            const auto executor = socket.get_executor();
            asio::co_spawn(executor,
                           refuse_connection(std::move(socket),
                                             "The server has too many open connections. Try again shortly."),
                           log_escaped);
            continue;
        }
        auto connection = std::make_shared<Connection>(*this, std::move(socket), std::move(counted));
        const auto entry = connections_.insert(connections_.end(), connection);
        lock.unlock();
        asio::co_spawn(connection->executor(), Connection::run(connection, entry), log_escaped);
    }
    accepting_ = false;
    finish_if_drained();
}

void ServerState::begin_shutdown() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    {
        std::lock_guard lock(signals_mutex_);
        if (signals_) signals_->cancel(ignored);
    }
    shutdown_timer_.expires_after(config_.shutdown_timeout);
    shutdown_timer_.async_wait([this](const beast::error_code& ec) {
        if (ec) return;
        spdlog::warn("http: requests still running {} s after stop; dropping them", config_.shutdown_timeout.count());
        io_.stop();
    });
    std::lock_guard lock(connections_mutex_);
    for (const auto& entry : connections_) {
        if (auto connection = entry.lock()) {
            asio::post(connection->executor(), [connection] { connection->close_if_idle(); });
        }
    }
}

void ServerState::finish_if_drained() {
    if (!stopping_ || accepting_) return;
    std::lock_guard lock(connections_mutex_);
    if (connections_.empty()) shutdown_timer_.cancel();
}

void ServerState::connection_ended(ConnectionList::iterator entry) {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(entry);
    if (stopping_ && connections_.empty() && !destroying_) asio::post(control_, [this] { finish_if_drained(); });
}

Result<std::unique_ptr<Server>> Server::create(ServerConfig config, Handler handler, BodyLimiter body_limiter) {
    if (config.io_threads < 1)
        return Error::invalid(fmt::format("io_threads must be 1 or more, not {}", config.io_threads));
    if (sodium_init() < 0) return Error::io("cannot initialise libsodium (for error ids)");
    auto state = std::make_unique<ServerState>(std::move(config), std::move(handler), std::move(body_limiter));
    TRY(state->listen());
    return std::unique_ptr<Server>(new Server(std::move(state)));
}

Server::Server(std::unique_ptr<ServerState> state) : state_(std::move(state)) {}
Server::~Server() = default;  // ~ServerState stops
unsigned short Server::port() const { return state_->port(); }
void Server::run() { state_->run(); }
void Server::start() { state_->start(); }
void Server::stop() { state_->stop(); }
void Server::stop_on_signals() { state_->stop_on_signals(); }
asio::io_context& Server::io() { return state_->io(); }

}  // namespace grip::http
