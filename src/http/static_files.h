#pragma once
// The built web interface (web/, built by Vite) served by `grip serve` next to
// the API. The files of the folder are read into memory once, at start-up;
// a request names a file by its path and can never reach outside the folder.
//
// - GET and HEAD only; other methods on a page answer 405.
// - `/` and every path that names no file and has no extension answer
//   index.html (the interface routes in the browser); a missing file with an
//   extension answers 404, so a broken asset link is not hidden.
// - Paths under /api/ and /healthz are never answered here: they belong to
//   the API (see serves()).
// - Vite's hashed assets (/assets/...) are cached for a year (immutable);
//   index.html and the other files are revalidated (no-cache) with an ETag.
// - A path with a `..` or `.` segment, a backslash, an encoded slash or a NUL
//   is refused with 404 before any lookup.
// - Every answer carries the Content-Security-Policy of the interface
//   (kWebContentSecurityPolicy): scripts, styles, fonts and connections from
//   the same origin only, no inline script or style elements.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "http/http_types.h"

namespace grip::http {

inline constexpr std::string_view kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

class StaticFiles {
public:
    // Reads every regular file under root (following no symbolic link out of
    // it). Error::io when root is not a folder or has no index.html.
    static Result<std::shared_ptr<const StaticFiles>> load(const std::filesystem::path& root);

    // Whether a request for this target is the interface's (not the API's).
    static bool serves(std::string_view target);
    // The answer to a request for which serves() holds.
    Response answer(const Request& request) const;

    size_t file_count() const { return files_.size(); }
    const std::filesystem::path& root() const { return root_; }

private:
    struct File {
        std::string body;
        std::string content_type;
        std::string etag;
    };
    StaticFiles() = default;
    Response file_response(const Request& request, const std::string& path, const File& file) const;

    std::filesystem::path root_;
    std::unordered_map<std::string, File> files_;  // "/index.html", "/assets/index-3f2a.js", ...
};

// The content type of a file name, by its extension (application/octet-stream
// when unknown).
std::string_view content_type_of(std::string_view file_name);

// The folder with the built interface that `grip serve` uses when no --web is
// given: $GRIP_WEB_DIR, else `web` beside the program (the build tree), else
// the installed share/grip/web, else web/dist in the source tree (a
// developer's `npm run build`). Empty when none has an index.html.
std::filesystem::path default_web_root(const std::filesystem::path& program);

// The server's handler: the interface's paths to `files`, the rest to `api`.
Handler with_static_files(std::shared_ptr<const StaticFiles> files, Handler api);

}  // namespace grip::http
