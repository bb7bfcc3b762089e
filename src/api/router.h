#pragma once
// The API's routes as a table: method, path template, who may call it, the
// handler, and what the OpenAPI document says of it. The document is made
// from this table, so a route cannot exist undocumented.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "api/call.h"
#include "common/result.h"

namespace grip::api {

enum class Access {
    Public,     // anyone (health, the OpenAPI document, signing in)
    SignedIn,   // a session or an API token; then `permission` if set
    SigningIn,  // as SignedIn, and also a session whose sign-in is not finished (auth::Actor::pending)
};

struct QueryParamDoc {
    std::string name;
    std::string description;
    std::string type = "string";  // string, integer
};

struct ResponseDoc {
    int status = 200;
    std::string description;
    std::string schema;        // a name in components/schemas, or empty
    std::string content_type;  // default application/json (problem+json for >= 400)
};

// The answers many routes document in the same words.
inline const ResponseDoc kNotSignedIn{401, "Not signed in", "Problem"};
inline const ResponseDoc kRoleMayNot{403, "The role may not do this", "Problem"};
inline const ResponseDoc kNotJson{415, "Not JSON", "Problem"};

struct RouteDoc {
    std::string operation_id;
    std::string summary;
    // The group the operation is listed under; empty: the path's first
    // segment after /api/v1 (openapi.cpp, route_tag).
    std::string tag;
    std::vector<QueryParamDoc> query;
    std::string request_schema;              // for JSON bodies; empty: no JSON body
    std::vector<std::string> request_types;  // accepted content types; empty: no body
    std::vector<ResponseDoc> responses;
    // More than the summary says: what the operation does and when to use it.
    // The document adds who may call it (openapi.cpp). Last, so that the
    // routes written without it still initialise the fields before it.
    std::string description;
};

// What a handler answers: the response, or an expected failure that the
// router gives as problem+json (problem_from, the one mapping). A handler
// that returns an http::Response still fits (Result converts from it), and
// TRY unwraps any Result in a handler.
using Answer = Result<http::Response>;

struct Route {
    boost::beast::http::verb method;
    std::string pattern;  // "/api/v1/records/{kind}/{id}"
    Access access = Access::SignedIn;
    std::string permission;  // a permission of the role table, or empty
    std::function<Answer(Call&)> handler;
    RouteDoc doc;
};

// Whether the route takes files (a delivery as NDJSON or CSV) rather than
// JSON. Only such a route reads a large body, and only from a caller who is
// signed in and may call it (Api::body_limit); every other body is small.
bool takes_files(const Route& route);

class Router {
public:
    void add(Route route);
    const std::vector<Route>& routes() const { return routes_; }

    struct Match {
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        bool path_known = false;  // some route has this path (for 405)
    };
    Match match(boost::beast::http::verb method, std::string_view path) const;

private:
    std::vector<Route> routes_;
};

}  // namespace grip::api
