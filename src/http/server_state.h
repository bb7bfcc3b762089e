#pragma once
// What the Server and its connections share: the settings and the handler,
// the I/O context, the acceptor, the list of open connections and the state
// of a shutdown. Internal to the server core (server.h is the interface).

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "common/result.h"
#include "http/client_limits.h"
#include "http/http_types.h"

namespace grip::http {

class Connection;
using ConnectionList = std::list<std::weak_ptr<Connection>>;

class ServerState {
public:
    ServerState(ServerConfig config, Handler handler, BodyLimiter body_limiter);
    ~ServerState();

    Status listen();  // binds the acceptor and starts the accept loop
    void run();
    void start();
    void stop();
    void stop_on_signals();

    // For connections.
    const ServerConfig& config() const { return config_; }
    const Handler& handler() const { return handler_; }
    const BodyLimiter& body_limiter() const { return body_limiter_; }
    ClientLimits& client_limits() { return client_limits_; }
    bool stopping() const { return stopping_; }
    // A connection's coroutine has ended (or its frame is being destroyed).
    void connection_ended(ConnectionList::iterator entry);

    unsigned short port() const { return port_; }
    asio::io_context& io() { return io_; }

private:
    using Strand = asio::strand<asio::io_context::executor_type>;

    void run_io_thread();
    asio::awaitable<void> accept_loop();
    void begin_shutdown();     // on control_
    void finish_if_drained();  // on control_

    // Used by connections; declared before io_ so that they outlive the
    // coroutine frames that io_ may destroy.
    const ServerConfig config_;
    const Handler handler_;
    const BodyLimiter body_limiter_;
    ClientLimits client_limits_;
    std::mutex connections_mutex_;
    ConnectionList connections_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> destroying_{false};
    unsigned short port_ = 0;

    asio::io_context io_;
    // The acceptor, the signals and the shutdown timer live on this strand.
    Strand control_;
    asio::ip::tcp::acceptor acceptor_;
    std::mutex signals_mutex_;  // stop_on_signals() may run on any thread
    std::optional<asio::signal_set> signals_;
    asio::steady_timer shutdown_timer_;
    bool accepting_ = true;  // on control_

    std::mutex threads_mutex_;
    std::condition_variable threads_done_;
    int running_threads_ = 0;  // under threads_mutex_
    std::vector<std::thread> threads_;
};

}  // namespace grip::http
