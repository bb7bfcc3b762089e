#pragma once
// The session cookie of the web interface: reading it from a request and
// writing it (or its removal) into a response, with the same attributes
// every time, so that a browser replaces or removes the one it holds.

#include <string>
#include <string_view>

#include "http/http_types.h"

namespace grip::api {

// The value of the cookie `name` in the request's Cookie headers, or empty.
std::string cookie_value(const http::Request& request, std::string_view name);

// A Set-Cookie value for the session cookie `name`: __Host- (this host alone,
// path /), Secure, HttpOnly, SameSite=Strict. With Removal::Yes the value is
// empty and Max-Age=0, which makes the browser forget the cookie.
enum class Removal { No, Yes };
std::string session_cookie(std::string_view name, std::string_view value, Removal removal = Removal::No);

}  // namespace grip::api
