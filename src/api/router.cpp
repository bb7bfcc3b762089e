#include "api/router.h"

#include <algorithm>

namespace grip::api {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t slash = path.find('/', start);
        const size_t end = slash == std::string_view::npos ? path.size() : slash;
        if (end > start) out.push_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool is_param(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }

}  // namespace

bool takes_files(const Route& route) {
    const auto& types = route.doc.request_types;
    return !types.empty() && std::find(types.begin(), types.end(), "application/json") == types.end();
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::match(boost::beast::http::verb method, std::string_view path) const {
    Match out;
    const auto parts = segments(path);
    for (const auto& route : routes_) {
        const auto pattern = segments(route.pattern);
        if (pattern.size() != parts.size()) continue;
        std::map<std::string, std::string> params;
        bool same = true;
        for (size_t i = 0; i < parts.size() && same; ++i) {
            if (is_param(pattern[i])) params[std::string(pattern[i].substr(1, pattern[i].size() - 2))] = parts[i];
            else same = pattern[i] == parts[i];
        }
        if (!same) continue;
        out.path_known = true;
        if (route.method != method) continue;
        // A literal segment wins over a parameter: routes are added with the
        // literal ones first where both could match.
        out.route = &route;
        out.params = std::move(params);
        return out;
    }
    return out;
}

}  // namespace grip::api
