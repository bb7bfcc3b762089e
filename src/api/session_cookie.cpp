#include "api/session_cookie.h"

#include <fmt/format.h>

namespace grip::api {

std::string cookie_value(const http::Request& request, std::string_view name) {
    namespace bhttp = boost::beast::http;
    for (auto it = request.find(bhttp::field::cookie); it != request.end() && it->name() == bhttp::field::cookie;
         ++it) {
        std::string_view header = it->value();
        while (!header.empty()) {
            const size_t semi = header.find(';');
            std::string_view part = header.substr(0, semi);
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
                return std::string(part.substr(name.size() + 1));
            if (semi == std::string_view::npos) break;
            header.remove_prefix(semi + 1);
        }
    }
    return {};
}

std::string session_cookie(std::string_view name, std::string_view value, Removal removal) {
    return fmt::format("{}={}; Path=/; Secure; HttpOnly; SameSite=Strict{}", name, value,
                       removal == Removal::Yes ? "; Max-Age=0" : "");
}

}  // namespace grip::api
