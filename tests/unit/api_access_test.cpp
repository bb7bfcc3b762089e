// Every route as every role, and as a user of another organisation: the
// table is tests/data/api/access.json. Each exchange is also checked against
// the OpenAPI document.

#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "access_table.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

TEST(ApiAccess, EveryRouteAsEveryRole) {
    const auto table = load_access_table();
    auto shared = prepared_server(table);
    std::set<std::string> covered;
    {
        FreshServers fresh_servers(table, *shared);
        for (const auto& entry : table.at("cases").as_array()) {
            const auto& c = entry.as_object();
            const std::string request(c.at("request").as_string());
            const bool fresh = c.contains("fresh") && c.at("fresh").as_bool();
            fresh_servers.new_case();
            for (const auto& [user_key, expected] : c.at("expect").as_object()) {
                const std::string user(user_key);
                const std::string name = user.empty() ? "anon" : user;
                ApiServer& server = fresh ? fresh_servers.next() : *shared;
                const auto r = table_request(c, name);
                const auto response = server.as(user, r.method, r.target, r.body, r.content_type);
                EXPECT_EQ(response.status, expected.as_int64()) << request << " as " << name << ": " << response.body;
                if (fresh) fresh_servers.answered(response.status);
            }
            covered.insert(request.substr(0, request.find('?')));
        }
    }
    shared->check_contract();

    // The table reaches every route of the router.
    for (const auto& route : shared->api().router().routes()) {
        const std::string method(boost::beast::http::to_string(route.method));
        bool found = false;
        for (const auto& request : covered) {
            const auto space = request.find(' ');
            if (request.substr(0, space) != method) continue;
            const auto m = shared->api().router().match(route.method, request.substr(space + 1));
            found = found || (m.route && m.route->pattern == route.pattern);
        }
        EXPECT_TRUE(found) << "access.json has no case for " << method << " " << route.pattern;
    }
}

}  // namespace
}  // namespace grip::testing
