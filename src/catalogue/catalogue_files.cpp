#include "catalogue/catalogue_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace grip::catalogue {
namespace json = boost::json;
namespace fs = std::filesystem;

Result<std::string> read_text_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string text_version(std::string_view text) {
    unsigned char hash[6];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    std::string hex;
    for (unsigned char c : hash) hex += fmt::format("{:02x}", c);
    return hex;
}

namespace {

constexpr size_t kWidth = 100;

// One line: the shipped files' style, `{"a": 1, "b": [2, 3]}`.
std::string one_line(const json::value& v) {
    if (v.is_object()) {
        std::string out = "{";
        bool first = true;
        for (const auto& kv : v.get_object()) {
            out += first ? "" : ", ";
            out += json::serialize(json::value(kv.key())) + ": " + one_line(kv.value());
            first = false;
        }
        return out + "}";
    }
    if (v.is_array()) {
        std::string out = "[";
        bool first = true;
        for (const auto& item : v.get_array()) {
            out += (first ? "" : ", ") + one_line(item);
            first = false;
        }
        return out + "]";
    }
    return json::serialize(v);
}

void write(std::string& out, const json::value& v, size_t indent, size_t used) {
    const std::string line = one_line(v);
    const bool container = v.is_object() || v.is_array();
    const bool empty = (v.is_object() && v.get_object().empty()) || (v.is_array() && v.get_array().empty());
    if (!container || empty || indent + used + line.size() <= kWidth) {
        out += line;
        return;
    }
    const std::string inner(indent + 2, ' ');
    bool first = true;
    if (v.is_object()) {
        out += "{\n";
        for (const auto& kv : v.get_object()) {
            if (!first) out += ",\n";
            const std::string key = json::serialize(json::value(kv.key())) + ": ";
            out += inner + key;
            write(out, kv.value(), indent + 2, key.size());
            first = false;
        }
        out += "\n" + std::string(indent, ' ') + "}";
    } else {
        out += "[\n";
        for (const auto& item : v.get_array()) {
            if (!first) out += ",\n";
            out += inner;
            write(out, item, indent + 2, 0);
            first = false;
        }
        out += "\n" + std::string(indent, ' ') + "]";
    }
}

Status write_durably(const fs::path& file, std::string_view text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Error::io(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            return Error::io(fmt::format("cannot write {}: {}", file.string(), std::strerror(e)));
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        return Error::io(fmt::format("cannot make {} durable: {}", file.string(), std::strerror(errno)));
    return ok_status();
}

Status sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error::io(fmt::format("cannot open {}: {}", folder.string(), std::strerror(errno)));
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) return Error::io(fmt::format("cannot make {} durable: {}", folder.string(), std::strerror(errno)));
    return ok_status();
}

bool same_folder(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

std::string readable_json(const json::value& value) {
    std::string out;
    write(out, value, 0, 0);
    return out + "\n";
}

Status replace_file_atomically(const fs::path& file, std::string_view text) {
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    const fs::path temporary = fs::path(file.string() + ".new");
    const fs::path previous = fs::path(file.string() + ".previous");
    const fs::path previous_temporary = fs::path(file.string() + ".previous.new");
    TRY(write_durably(temporary, text));
    // The current version stays beside the new one: a second name for the
    // same file, renamed over the last previous version.
    std::error_code ec;
    fs::remove(previous_temporary, ec);
    if (::link(file.c_str(), previous_temporary.c_str()) != 0) {
        fs::remove(temporary, ec);
        return Error::io(
            fmt::format("cannot keep the previous version of {}: {}", file.string(), std::strerror(errno)));
    }
    if (::rename(previous_temporary.c_str(), previous.c_str()) != 0 || ::rename(temporary.c_str(), file.c_str()) != 0) {
        const int e = errno;
        fs::remove(temporary, ec);
        return Error::io(fmt::format("cannot replace {}: {}", file.string(), std::strerror(e)));
    }
    return sync_folder(folder);
}

bool is_shipped_catalogue(const fs::path& file) {
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    return same_folder(folder, GRIP_CATALOGUE_INSTALL_DIR) || same_folder(folder, GRIP_CATALOGUE_SOURCE_DIR);
}

bool catalogue_writable(const fs::path& file) {
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    return !is_shipped_catalogue(file) && ::access(file.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

}  // namespace grip::catalogue
