#pragma once
// Grip's few outgoing HTTP requests, through libcurl: the OpenID Connect
// client's GET of the discovery document and the key set and POST of a form
// to the token endpoint (auth/oidc_client), and the signals' webhook POST of
// a JSON body (signals/webhook). Only https:// (or http:// to a loopback
// host, for tests), no redirects followed, short time limits and a bounded
// answer.

#include <string>
#include <string_view>

#include "common/result.h"

namespace grip::http {

// Whether `url` is https:// with a host, or http:// to a loopback host
// (127.0.0.1, ::1, localhost), which only a test's server is.
bool https_or_loopback(std::string_view url);

struct HttpReply {
    long status = 0;
    std::string body;
};

Result<HttpReply> http_get(const std::string& url);
// `form` is application/x-www-form-urlencoded; the client authenticates with
// HTTP Basic (client_secret_basic), its id and secret form-encoded first.
Result<HttpReply> http_post_form(const std::string& url, const std::string& form, std::string_view client_id,
                                 std::string_view client_secret);

// POST of a JSON body without credentials (the signals' webhook,
// src/signals/webhook): the same limits, https:// or loopback http:// only.
Result<HttpReply> http_post_json(const std::string& url, const std::string& json);

// Percent-encoding for a form or query value (RFC 3986 unreserved kept).
std::string form_encode(std::string_view value);

}  // namespace grip::http
