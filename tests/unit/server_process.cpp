#include "server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "test_support.h"

namespace grip::testing {

ServerProcess::ServerProcess(const std::filesystem::path& dir, const std::vector<std::string>& options) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        const auto err = (dir / "serve.err").string();
        std::freopen(err.c_str(), "a", stderr);
        ::close(out[0]);
        const auto db = store_location(dir), key = (dir / "cli.key").string();
        std::vector<std::string> args{
            "grip",         "--db", db, "--key-file", key, "serve", "--listen", "127.0.0.1:0", "--no-access-log",
            "--db-threads", "4"};
        args.insert(args.end(), options.begin(), options.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(GRIP_BINARY, argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    // "Grip listens on http://127.0.0.1:PORT/ ..." (after other lines, such as the web interface's)
    std::string line;
    for (char c = 0; !line.starts_with("Grip listens on");) {
        line.clear();
        bool got = false;
        while ((got = ::read(out[0], &c, 1) == 1) && c != '\n') line += c;
        if (!got) break;
    }
    // Kept open: the server writes to it again when it stops.
    out_ = out[0];
    const auto colon = line.rfind(':');
    if (line.starts_with("Grip listens on") && colon != std::string::npos)
        port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill_hard();
    if (out_ >= 0) ::close(out_);
}

void ServerProcess::kill_hard() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int ServerProcess::stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace grip::testing
