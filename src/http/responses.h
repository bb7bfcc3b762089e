#pragma once
// The responses the server core writes itself, and the headers every response
// gets.

#include <string>
#include <string_view>

#include <boost/beast/http/status.hpp>

#include "http/http_types.h"

namespace grip::http {

// An application/problem+json response (RFC 9457):
// {"type":"about:blank","title":"Payload Too Large","status":413,"detail":...}
// and "error_id" when one is given. Content-Length is set.
Response problem_response(beast::http::status status, std::string_view detail, std::string_view error_id = {});

// The API's full version (semantic versioning), sent as API-Version with
// every response and written in the OpenAPI document's info.version (the
// NLGov API Design Rules, /core/version-header). The major version is the
// one in the paths (/api/v1).
inline constexpr std::string_view kApiVersion = "1.0.0";

// Server: grip, API-Version, and the security headers that the handler did not set:
// X-Content-Type-Options, Referrer-Policy, Cache-Control (no-store: API
// answers are not to be kept) and Content-Security-Policy.
void apply_default_headers(Response& response);

// A random id of 16 hex digits, to find an error in the server log.
std::string new_error_id();

}  // namespace grip::http
