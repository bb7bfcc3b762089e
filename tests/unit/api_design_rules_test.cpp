// The API by the NLGov REST API Design Rules (docs/api.md): the version in a
// header of every answer, the major version in the server's path, the
// OpenAPI document at the API's root readable from any origin, and every
// operation with a tag and a description. (CI lints the served document with
// the rules as Spectral rules too: tests/contract/lint-api.mjs.)

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/openapi.h"
#include "api_support.h"
#include "http/responses.h"

namespace grip::testing {
namespace {

TEST(ApiDesignRules, EveryAnswerCarriesTheApiVersion) {
    ApiServer server;
    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/healthz"},
                                                          {"GET", "/api/v1/openapi.json"},
                                                          {"GET", "/api/v1/no-such-route"},
                                                          {"GET", "/api/v1/sessions/current"},
                                                          {"DELETE", "/api/v1/openapi.json"}}) {
        const auto response = server.send(method, target);
        EXPECT_EQ(response.header("API-Version"), http::kApiVersion) << method << " " << target;
    }
    const auto signed_in = server.as("beheerder", "GET", "/api/v1/users");
    EXPECT_EQ(signed_in.status, 200);
    EXPECT_EQ(signed_in.header("API-Version"), http::kApiVersion);
}

TEST(ApiDesignRules, TheDocumentAtTheApiRootIsReadableFromAnyOrigin) {
    ApiServer server;
    const auto response = server.send("GET", "/api/v1/openapi.json");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.header("Access-Control-Allow-Origin"), "*");
    const auto doc = parse_body(response).as_object();
    EXPECT_EQ(doc.at("info").at("version").as_string(), http::kApiVersion);
    // The server holds the major version; the paths are relative to it.
    ASSERT_EQ(doc.at("servers").as_array().size(), 1u);
    EXPECT_EQ(doc.at("servers").at(0).at("url").as_string(), "/api/v1");
    const auto& paths = doc.at("paths").as_object();
    EXPECT_TRUE(paths.contains("/openapi.json"));
    EXPECT_TRUE(paths.at("/openapi.json")
                    .at("get")
                    .at("responses")
                    .at("200")
                    .at("headers")
                    .as_object()
                    .contains("Access-Control-Allow-Origin"));
    for (const auto& [path, item] : paths) EXPECT_FALSE(std::string_view(path).starts_with("/api/v1")) << path;
    // /healthz lies outside the API's base path: it names the host's root.
    EXPECT_EQ(paths.at("/healthz").at("servers").at(0).at("url").as_string(), "/");
    server.check_contract();
}

TEST(ApiDesignRules, EveryOperationHasATagADescriptionAndTheVersionHeader) {
    ApiServer server;
    const auto doc = api::openapi_document(server.api().router());
    std::set<std::string> declared;
    for (const auto& tag : doc.at("tags").as_array()) {
        declared.insert(std::string(tag.at("name").as_string()));
        EXPECT_FALSE(tag.at("description").as_string().empty());
    }
    int operations = 0;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, value] : item.as_object()) {
            if (method == "servers") continue;
            ++operations;
            const auto& op = value.as_object();
            const std::string where = std::string(method) + " " + std::string(path);
            ASSERT_TRUE(op.contains("tags")) << where;
            ASSERT_EQ(op.at("tags").as_array().size(), 1u) << where;
            EXPECT_TRUE(declared.contains(std::string(op.at("tags").at(0).as_string()))) << where;
            ASSERT_TRUE(op.contains("description")) << where;
            EXPECT_GT(op.at("description").as_string().size(), op.at("summary").as_string().size()) << where;
            for (const auto& [status, response] : op.at("responses").as_object()) {
                if (status.front() != '2' && status.front() != '3') continue;
                EXPECT_TRUE(response.as_object().contains("headers") &&
                            response.at("headers").as_object().contains("API-Version"))
                    << where << " " << std::string(status);
            }
        }
    }
    EXPECT_GT(operations, 50);
}

TEST(ApiDesignRules, ATagDefaultsToThePathsFirstSegment) {
    api::Route route;
    route.pattern = "/api/v1/motions/{id}/votes";
    EXPECT_EQ(api::route_tag(route), "motions");
    route.doc.tag = "report";
    EXPECT_EQ(api::route_tag(route), "report");
    route.doc.tag.clear();
    route.pattern = "/healthz";
    EXPECT_EQ(api::route_tag(route), "healthz");
}

TEST(ApiDesignRules, TheContactIsTheOperators) {
    ApiServer server;
    const auto without = api::openapi_document(server.api().router());
    EXPECT_FALSE(without.at("info").as_object().contains("contact"));
    const auto with = api::openapi_document(server.api().router(),
                                            api::ApiContact{"Beheer", "beheer@example.org", "https://example.org"});
    EXPECT_EQ(with.at("info").at("contact").at("email").as_string(), "beheer@example.org");
    EXPECT_EQ(with.at("info").at("contact").at("name").as_string(), "Beheer");
    EXPECT_EQ(with.at("info").at("contact").at("url").as_string(), "https://example.org");
}

}  // namespace
}  // namespace grip::testing
