#pragma once
// A real `grip serve` as its own process on a free loopback port, for the
// tests that kill it (crash safety) or measure it from outside (limits): the
// store cli.db (see store_location) and key cli.key in `dir`, standard error
// in `dir`/serve.err.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace grip::testing {

class ServerProcess {
public:
    // `options`: more options of `grip serve` (--no-web, limits, ...).
    explicit ServerProcess(const std::filesystem::path& dir, const std::vector<std::string>& options = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    unsigned short port() const { return port_; }  // 0 when it did not start
    pid_t pid() const { return pid_; }
    // Ends it with SIGKILL, as a power cut would.
    void kill_hard();
    // Ends it with SIGTERM and returns its exit code (-1 when it did not exit).
    int stop();

private:
    pid_t pid_ = -1;
    int out_ = -1;
    unsigned short port_ = 0;
};

}  // namespace grip::testing
