// Every route as every role, and as a user of another organisation: the
// table is tests/data/api/access.json. Each exchange is also checked against
// the OpenAPI document.

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

json::object load_table() {
    std::ifstream in(test_data() / "api" / "access.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

// The requests of the table's "setup", on a new server: cases exist only
// through the API.
std::unique_ptr<ApiServer> prepared_server(const json::object& table) {
    auto server = std::make_unique<ApiServer>();
    if (const auto* setup = table.if_contains("setup"))
        for (const auto& s : setup->as_array()) {
            const std::string request(s.at("request").as_string());
            const auto space = request.find(' ');
            const auto r = server->as(std::string(s.at("as").as_string()), request.substr(0, space),
                                      request.substr(space + 1), json::serialize(s.at("body")));
            EXPECT_EQ(r.status, s.at("expect").as_int64()) << "setup " << request << ": " << r.body;
        }
    return server;
}

TEST(ApiAccess, EveryRouteAsEveryRole) {
    const auto table = load_table();
    auto shared = prepared_server(table);
    std::set<std::string> covered;
    for (const auto& entry : table.at("cases").as_array()) {
        const auto& c = entry.as_object();
        const std::string request(c.at("request").as_string());
        const auto space = request.find(' ');
        const std::string method = request.substr(0, space);
        const bool fresh = c.contains("fresh") && c.at("fresh").as_bool();
        for (const auto& [user_key, expected] : c.at("expect").as_object()) {
            const std::string user(user_key);
            const std::string name = user.empty() ? "anon" : user;
            std::unique_ptr<ApiServer> own;
            if (fresh) own = prepared_server(table);
            ApiServer& server = fresh ? *own : *shared;
            const std::string target = replace_all(request.substr(space + 1), "{user}", name);
            std::string body, type = "application/json";
            if (auto* b = c.if_contains("body")) body = replace_all(json::serialize(*b), "{user}", name);
            if (auto* t = c.if_contains("text")) body = replace_all(std::string(t->as_string()), "{user}", name);
            if (auto* t = c.if_contains("content_type")) type = std::string(t->as_string());
            const auto response = server.as(user, method, target, body, type);
            EXPECT_EQ(response.status, expected.as_int64()) << request << " as " << name << ": " << response.body;
            if (fresh) shared->adopt_exchanges(server);
        }
        covered.insert(request.substr(0, request.find('?')));
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
