#include "http/responses.h"

#include <sodium.h>

#include <array>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace grip::http {

Response problem_response(beast::http::status status, std::string_view detail, std::string_view error_id) {
    boost::json::object body{{"type", "about:blank"},
                             {"title", beast::http::obsolete_reason(status)},
                             {"status", static_cast<int>(status)},
                             {"detail", detail}};
    if (!error_id.empty()) body["error_id"] = error_id;
    Response response{status, 11};
    response.set(beast::http::field::content_type, "application/problem+json");
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

void apply_default_headers(Response& response) {
    using beast::http::field;
    response.set(field::server, "grip");
    response.set("API-Version", kApiVersion);
    // Beast has no enumerators for most of these names.
    const auto set_default = [&](std::string_view name, std::string_view value) {
        if (response.find(name) == response.end()) response.set(name, value);
    };
    set_default("X-Content-Type-Options", "nosniff");
    set_default("Referrer-Policy", "no-referrer");
    set_default("Cache-Control", "no-store");
    set_default("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
}

std::string new_error_id() {
    std::array<unsigned char, 8> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, 2 * 8 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    return hex.data();
}

}  // namespace grip::http
