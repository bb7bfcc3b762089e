#include "api/problem.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "http/responses.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;

http::Response problem(status code, std::string_view detail, const std::vector<InvalidParam>& invalid) {
    const std::string error_id = http::new_error_id();
    // The server's log line carries the error id, so that a user's report
    // ("error_id ...") finds it; the detail never holds personal data.
    spdlog::info("answer {} error_id {}: {}", static_cast<int>(code), error_id, detail);
    json::object body{{"type", "about:blank"},
                      {"title", std::string(boost::beast::http::obsolete_reason(code))},
                      {"status", static_cast<int>(code)},
                      {"detail", detail},
                      {"error_id", error_id}};
    if (!invalid.empty()) {
        json::array list;
        for (const auto& p : invalid) list.push_back(json::object{{"name", p.name}, {"reason", p.reason}});
        body["invalid_params"] = std::move(list);
    }
    auto response = text_response(code, "application/problem+json", json::serialize(body));
    return response;
}

http::Response problem_from(const Error& error) {
    std::vector<InvalidParam> invalid;
    bool role = false;
    for (const auto& r : error.reasons) {
        invalid.push_back({r.field, r.reason});
        role = role || r.field == "role";
    }
    if (role && !is_store_failure(error.code)) return problem(status::forbidden, error.message, invalid);
    switch (error.code) {
        case ErrorCode::Invalid: return problem(status::bad_request, error.message, invalid);
        case ErrorCode::NotFound: return problem(status::not_found, error.message, invalid);
        case ErrorCode::Conflict: return problem(status::conflict, error.message, invalid);
        case ErrorCode::Unsupported: return problem(status::unsupported_media_type, error.message, invalid);
        case ErrorCode::Busy: {
            // The store is held by another process (an import from the
            // command line) or the writes queue up: the client may try again.
            auto response = problem(status::service_unavailable, "the store is busy; try again in a few seconds");
            response.set(boost::beast::http::field::retry_after, std::to_string(kRetryAfterSeconds));
            spdlog::warn("answered 503: {}", error.message);
            return response;
        }
        case ErrorCode::Io:
        case ErrorCode::Storage: break;
    }
    // Store failures are not the client's business: the details go to the log.
    auto response =
        problem(status::internal_server_error, "the server could not complete the request; quote the error id");
    const auto body = json::parse(response.body()).as_object();
    spdlog::error("error {}: {}", json::value_to<std::string>(body.at("error_id")), error.message);
    return response;
}

http::Response json_response(status code, const json::value& body) {
    return text_response(code, "application/json", json::serialize(body));
}

http::Response json_response(status code, const json::object& body) {
    return text_response(code, "application/json", json::serialize(body));
}

http::Response json_response(status code, const json::array& body) {
    return text_response(code, "application/json", json::serialize(body));
}

http::Response text_response(status code, std::string_view content_type, std::string body) {
    http::Response response{code, 11};
    response.set(boost::beast::http::field::content_type, content_type);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

}  // namespace grip::api
