#include "http/static_files.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <fmt/format.h>

#include "http/responses.h"

namespace grip::http {

namespace {

namespace bhttp = beast::http;

struct Type {
    std::string_view extension, content_type;
};
constexpr std::array kTypes{
    Type{".html", "text/html; charset=utf-8"},
    Type{".js", "text/javascript; charset=utf-8"},
    Type{".mjs", "text/javascript; charset=utf-8"},
    Type{".css", "text/css; charset=utf-8"},
    Type{".json", "application/json"},
    Type{".map", "application/json"},
    Type{".webmanifest", "application/manifest+json"},
    Type{".svg", "image/svg+xml"},
    Type{".png", "image/png"},
    Type{".jpg", "image/jpeg"},
    Type{".jpeg", "image/jpeg"},
    Type{".gif", "image/gif"},
    Type{".webp", "image/webp"},
    Type{".ico", "image/x-icon"},
    Type{".woff", "font/woff"},
    Type{".woff2", "font/woff2"},
    Type{".ttf", "font/ttf"},
    Type{".txt", "text/plain; charset=utf-8"},
};

bool ends_with_ci(std::string_view text, std::string_view suffix) {
    if (text.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
        char c = text[text.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != suffix[i]) return false;
    }
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The path of a request target, percent-decoded; empty when it is not a
// clean absolute path inside the folder (dot segments, backslashes, encoded
// slashes, NUL, a bad escape).
std::string clean_path(std::string_view target) {
    const auto end = target.find_first_of("?#");
    if (end != std::string_view::npos) target = target.substr(0, end);
    if (target.empty() || target.front() != '/') return {};
    std::string path;
    path.reserve(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size()) return {};
            const int hi = hex_value(target[i + 1]), lo = hex_value(target[i + 2]);
            if (hi < 0 || lo < 0) return {};
            c = static_cast<char>(hi * 16 + lo);
            if (c == '/') return {};  // an encoded slash would hide a segment
            i += 2;
        }
        if (c == '\0' || c == '\\') return {};
        path.push_back(c);
    }
    // No "." or ".." segment.
    size_t start = 1;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        const std::string_view segment(path.data() + start, slash - start);
        if (segment == "." || segment == "..") return {};
        start = slash + 1;
    }
    return path;
}

bool has_extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const std::string_view last = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
    return last.find('.') != std::string_view::npos;
}

std::string etag_of(const std::string& body) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : body) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return fmt::format("\"{:016x}-{:x}\"", hash, body.size());
}

Response plain_problem(bhttp::status status, std::string_view detail, unsigned version) {
    Response response = problem_response(status, detail);
    response.version(version);
    response.set("Content-Security-Policy", kWebContentSecurityPolicy);
    return response;
}

}  // namespace

std::string_view content_type_of(std::string_view file_name) {
    for (const auto& type : kTypes)
        if (ends_with_ci(file_name, type.extension)) return type.content_type;
    return "application/octet-stream";
}

Result<std::shared_ptr<const StaticFiles>> StaticFiles::load(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return Error::io(fmt::format("{}: not a folder with the built web interface", root.string()));
    if (!fs::is_regular_file(root / "index.html", ec))
        return Error::io(
            fmt::format("{}: no index.html (build the web interface: npm run build --prefix web)", root.string()));
    auto files = std::shared_ptr<StaticFiles>(new StaticFiles());
    files->root_ = fs::canonical(root, ec);
    if (ec) return Error::io(fmt::format("{}: {}", root.string(), ec.message()));
    for (auto it = fs::recursive_directory_iterator(files->root_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_symlink() || !it->is_regular_file()) continue;
        const fs::path relative = it->path().lexically_relative(files->root_);
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) return Error::io(fmt::format("{}: cannot be read", it->path().string()));
        std::ostringstream body;
        body << in.rdbuf();
        File file{body.str(), std::string(content_type_of(it->path().filename().string())), {}};
        file.etag = etag_of(file.body);
        files->files_.emplace("/" + relative.generic_string(), std::move(file));
    }
    if (ec) return Error::io(fmt::format("{}: {}", root.string(), ec.message()));
    return std::shared_ptr<const StaticFiles>(std::move(files));
}

bool StaticFiles::serves(std::string_view target) {
    const auto end = target.find_first_of("?#");
    const std::string_view path = target.substr(0, end);
    // The API's paths and the health check are the server's, not files.
    return !(path == "/api" || path.starts_with("/api/") || path == "/healthz");
}

Response StaticFiles::file_response(const Request& request, const std::string& path, const File& file) const {
    const bool immutable = path.starts_with("/assets/");
    const auto match = request.find(bhttp::field::if_none_match);
    Response response{bhttp::status::ok, request.version()};
    if (match != request.end() && match->value() == file.etag) {
        response.result(bhttp::status::not_modified);
    } else {
        response.body() = file.body;
    }
    response.set(bhttp::field::content_type, file.content_type);
    response.set(bhttp::field::etag, file.etag);
    response.set(bhttp::field::cache_control, immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.set("Content-Security-Policy", kWebContentSecurityPolicy);
    response.set("X-Frame-Options", "DENY");
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
}

Response StaticFiles::answer(const Request& request) const {
    if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
        Response response =
            plain_problem(bhttp::status::method_not_allowed, "The web interface is read with GET.", request.version());
        response.set(bhttp::field::allow, "GET, HEAD");
        response.keep_alive(request.keep_alive());
        return response;
    }
    const std::string path = clean_path(request.target());
    if (path.empty()) {
        Response response = plain_problem(bhttp::status::not_found, "No such page.", request.version());
        response.keep_alive(request.keep_alive());
        return response;
    }
    if (auto it = files_.find(path); it != files_.end()) return file_response(request, path, it->second);
    if (!has_extension(path)) {
        // A page of the interface: the browser routes it.
        const auto index = files_.find("/index.html");
        return file_response(request, index->first, index->second);
    }
    Response response = plain_problem(bhttp::status::not_found, "No such file.", request.version());
    response.keep_alive(request.keep_alive());
    return response;
}

std::filesystem::path default_web_root(const std::filesystem::path& program) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("GRIP_WEB_DIR"); env && *env) candidates.emplace_back(env);
    if (!program.empty()) {
        const fs::path dir = fs::weakly_canonical(program, ec).parent_path();
        candidates.push_back(dir / "web");
        candidates.push_back(dir.parent_path() / "share" / "grip" / "web");
    }
#ifdef GRIP_WEB_INSTALL_DIR
    candidates.emplace_back(GRIP_WEB_INSTALL_DIR);
#endif
#ifdef GRIP_WEB_SOURCE_DIR
    candidates.emplace_back(GRIP_WEB_SOURCE_DIR);
#endif
    for (const auto& candidate : candidates)
        if (fs::is_regular_file(candidate / "index.html", ec)) return candidate;
    return {};
}

Handler with_static_files(std::shared_ptr<const StaticFiles> files, Handler api) {
    if (!files) return api;
    return [files = std::move(files), api = std::move(api)](Request&& request,
                                                            const RequestInfo& info) -> asio::awaitable<Response> {
        if (StaticFiles::serves(request.target())) co_return files->answer(request);
        co_return co_await api(std::move(request), info);
    };
}

}  // namespace grip::http
