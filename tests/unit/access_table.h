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

// The servers of the table's "fresh" cases, whose requests may change what
// the next user's request finds: each user's request goes to a server in the
// setup's state. A refused request (400 and up) changes nothing, so the next
// user of the same case is sent to the same server; after a request that
// succeeded, the next one gets a new server. (A new server is a store with
// the setup's records, cases and a frozen report: the most costly part of
// the route-by-role tests, so only as many as the successes need.) What the
// servers exchanged is handed to `shared` for its contract check.
class FreshServers {
public:
    FreshServers(const boost::json::object& table, ApiServer& shared) : table_(table), shared_(shared) {}
    ~FreshServers() { retire(); }
    // The server for the next request of a fresh case: new at a case's
    // start (new_case) and after a success.
    ApiServer& next();
    // The status of the request just sent through next().
    void answered(int status) { changed_ = status < 400; }
    void new_case() { retire(); }

private:
    void retire();
    const boost::json::object& table_;
    ApiServer& shared_;
    std::unique_ptr<ApiServer> server_;
    bool changed_ = false;
};

// The request of a case as the user named `name`: {user} in its target and
// body is the name, so that writes of different users do not meet;
// {organisation} and {location} are the user's own (empty for roles without).
struct TableRequest {
    std::string method, target, body, content_type = "application/json";
};
TableRequest table_request(const boost::json::object& entry, const std::string& name);

}  // namespace grip::testing
