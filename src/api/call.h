#pragma once
// One API request as the handlers see it: the request, its path and query
// parameters, the signed-in actor, the trace context, a store connection and
// the server's services.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "api/database.h"
#include "auth/accounts.h"
#include "http/server.h"
#include "privacy/trace_context.h"

namespace grip::api {

struct Services;

struct Call {
    const http::Request& request;
    const http::RequestInfo& info;
    Services& services;
    Connection& db;
    std::map<std::string, std::string> path;
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::optional<auth::Actor> actor;
    std::string trace_id, span_id, parent_span_id;
    std::vector<std::pair<std::string, std::string>> set_headers;  // extra response headers (cookies)
    // The data subject of a record the user asked for and may not see (a
    // 404 to them), for the processing log's entry of the refusal.
    std::string refused_subject;

    // The value of a query parameter, or empty.
    std::string query_value(std::string_view name) const;
    const auth::Role& role() const { return *actor->role; }
    bool own_scope() const { return actor->role->own_scope(); }
};

}  // namespace grip::api
