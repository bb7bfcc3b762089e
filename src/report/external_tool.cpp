#include "report/external_tool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

extern char** environ;

namespace grip::report {

namespace fs = std::filesystem;

Result<TempDir> TempDir::create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "grip-document-XXXXXX").string();
    // mkdtemp makes the folder with mode 0700: no other user reads the report.
    if (::mkdtemp(pattern.data()) == nullptr)
        return Error::io(fmt::format("cannot make a temporary folder in {}: {}", base.string(), std::strerror(errno)));
    return TempDir(fs::path(pattern));
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir::~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
}

Result<std::string> read_file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::not_found(fmt::format("cannot read {}", path.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status write_file_bytes(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error::io(fmt::format("cannot write {}", path.string()));
    return ok_status();
}

namespace {

// The last lines of a tool's complaint: enough to see what went wrong,
// short enough for an error message.
std::string tail_of(std::string text) {
    constexpr size_t kMax = 1500;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.size() > kMax) text = "…" + text.substr(text.size() - kMax);
    return text;
}

}  // namespace

Result<std::string> run_tool(const ToolCall& call) {
    const fs::path out_path = call.work_dir / fmt::format("{}.stdout", call.program);
    const fs::path err_path = call.work_dir / fmt::format("{}.stderr", call.program);

    std::vector<std::string> args;
    args.push_back(call.program);
    args.insert(args.end(), call.arguments.begin(), call.arguments.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, call.program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned == ENOENT)
        return Error::unsupported(fmt::format("{} is not installed; install the Debian package {} (apt-get install {})",
                                              call.program, call.debian_package, call.debian_package));
    if (spawned != 0) return Error::io(fmt::format("cannot start {}: {}", call.program, std::strerror(spawned)));

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return Error::io(fmt::format("waiting for {}: {}", call.program, std::strerror(errno)));
    }
    auto err = read_file_bytes(err_path);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string how = WIFEXITED(status) ? fmt::format("ended with status {}", WEXITSTATUS(status))
                                                  : fmt::format("was stopped by signal {}", WTERMSIG(status));
        return Error::io(
            fmt::format("{} {}: {}", call.program, how, err ? tail_of(*err) : std::string("(no message)")));
    }
    return read_file_bytes(out_path);
}

}  // namespace grip::report
