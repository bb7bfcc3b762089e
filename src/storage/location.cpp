#include "storage/location.h"

#include <filesystem>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace grip::storage {

bool is_server_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string display_location(std::string_view location) {
    if (!is_server_url(location)) return std::string(location);
    auto parsed = boost::urls::parse_uri(location);
    if (!parsed) return "(a PostgreSQL URL that cannot be read)";
    boost::urls::url url = *parsed;
    if (url.has_password()) url.set_password("***");
    for (auto it = url.params().begin(); it != url.params().end(); ++it) {
        if ((*it).key == "password") {
            url.params().replace(it, std::next(it), {{"password", "***"}});
            break;
        }
    }
    return std::string(url.buffer());
}

std::string store_name(std::string_view location) {
    if (!is_server_url(location)) return std::filesystem::path(location).filename().string();
    auto parsed = boost::urls::parse_uri(location);
    if (!parsed) return "grip";
    std::string path = parsed->path();
    while (!path.empty() && path.front() == '/') path.erase(path.begin());
    return path.empty() ? "grip" : path;
}

}  // namespace grip::storage
