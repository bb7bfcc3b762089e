#pragma once
// Errors as the API gives them: application/problem+json (RFC 9457) with an
// error id that the server log carries too, so that a user's report can be
// traced without the message ever holding personal data.

#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/status.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/result.h"
#include "http/server.h"

namespace grip::api {

// One invalid field of a request body or query ("invalid-params").
struct InvalidParam {
    std::string name;    // a field name or JSON pointer, e.g. "date" or "/items/3/date"
    std::string reason;  // what is wrong, never the value
};

http::Response problem(boost::beast::http::status status, std::string_view detail,
                       const std::vector<InvalidParam>& invalid = {});

// The one mapping of an expected failure to its answer: Invalid 400,
// NotFound 404, Conflict 409, Unsupported 415, Io and Storage 500 (with a
// generic detail and the message in the log only), Busy 503 with
// Retry-After. The error's reasons (Error::reasons) are the problem's
// invalid_params; a refusal that names the role among its reasons is 403,
// whatever its code: the caller's role may not do it. A handler returns the
// Error (or TRYs it) and the router calls this (Api::answer).
http::Response problem_from(const Error& error);

// The Retry-After of a 503 for a busy store, in seconds.
inline constexpr int kRetryAfterSeconds = 5;

// A JSON response with the given status.
http::Response json_response(boost::beast::http::status status, const boost::json::value& body);
// The same for an object or an array, serialised straight into the body
// (the overload for a value would first copy them into one).
http::Response json_response(boost::beast::http::status status, const boost::json::object& body);
http::Response json_response(boost::beast::http::status status, const boost::json::array& body);
http::Response text_response(boost::beast::http::status status, std::string_view content_type, std::string body);

}  // namespace grip::api
