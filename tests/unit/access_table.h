#pragma once
// The table of every route as every role (tests/data/api/access.json), as
// the access test and the isolation test read it: its setup on a new server,
// and the request of one case as one user.

#include <memory>
#include <string>

#include <boost/json/object.hpp>

#include "api_support.h"

namespace grip::testing {

boost::json::object load_access_table();

// A new server with the requests of the table's "setup" done (cases exist
// only through the API).
std::unique_ptr<ApiServer> prepared_server(const boost::json::object& table);

// The request of a case as the user named `name`: {user} in its target and
// body is the name, so that writes of different users do not meet;
// {organisation} and {location} are the user's own (empty for roles without).
struct TableRequest {
    std::string method, target, body, content_type = "application/json";
};
TableRequest table_request(const boost::json::object& entry, const std::string& name);

}  // namespace grip::testing
