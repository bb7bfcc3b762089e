#include "access_table.h"

#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace grip::testing {
namespace json = boost::json;

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// {user}, {organisation} and {location} in a target or body: the user's
// name, organisation and first location, so that a write is the user's own
// where the role allows it.
std::string fill_in(std::string text, const std::string& name) {
    text = replace_all(std::move(text), "{user}", name);
    std::string organisation, location;
    for (const auto& u : test_users())
        if (u.name == name) {
            organisation = u.organisation;
            if (!u.locations.empty()) location = u.locations.front();
        }
    text = replace_all(std::move(text), "{organisation}", organisation);
    return replace_all(std::move(text), "{location}", location);
}

}  // namespace

json::object load_access_table() {
    std::ifstream in(test_data() / "api" / "access.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

std::unique_ptr<ApiServer> prepared_server(const json::object& table) {
    auto server = std::make_unique<ApiServer>();
    if (const auto* setup = table.if_contains("setup"))
        for (const auto& s : setup->as_array()) {
            const std::string request(s.at("request").as_string());
            const auto space = request.find(' ');
            const auto* body = s.as_object().if_contains("body");
            const auto r = server->as(std::string(s.at("as").as_string()), request.substr(0, space),
                                      request.substr(space + 1), body ? json::serialize(*body) : std::string());
            EXPECT_EQ(r.status, s.at("expect").as_int64()) << "setup " << request << ": " << r.body;
        }
    return server;
}

ApiServer& FreshServers::next() {
    if (changed_) retire();
    if (!server_) server_ = prepared_server(table_);
    return *server_;
}

void FreshServers::retire() {
    if (server_) shared_.adopt_exchanges(*server_);
    server_.reset();
    changed_ = false;
}

TableRequest table_request(const json::object& entry, const std::string& name) {
    const std::string request(entry.at("request").as_string());
    const auto space = request.find(' ');
    TableRequest out;
    out.method = request.substr(0, space);
    out.target = fill_in(request.substr(space + 1), name);
    if (const auto* b = entry.if_contains("body")) out.body = fill_in(json::serialize(*b), name);
    if (const auto* t = entry.if_contains("text")) out.body = fill_in(std::string(t->as_string()), name);
    if (const auto* t = entry.if_contains("content_type")) out.content_type = std::string(t->as_string());
    return out;
}

}  // namespace grip::testing
