// The web interface beside the API: `grip serve` answers the built files of
// web/ (here a small stand-in folder), index.html for the interface's own
// pages, never a file outside the folder, and leaves /api/ to the API.

#include <fstream>

#include <gtest/gtest.h>

#include "api_support.h"
#include "http/static_files.h"
#include "http_client.h"

namespace grip::testing {
namespace {

class StaticFilesTest : public ::testing::Test {
protected:
    StaticFilesTest() {
        write_file(dir / "outside.txt", "a file outside the web folder");
        write_file(dir / "web" / "index.html", "<!doctype html><title>Grip</title>");
        write_file(dir / "web" / "assets" / "index-3f2a9c.js", "console.log('grip')");
        write_file(dir / "web" / "assets" / "index-77ab01.css", "body{margin:0}");
        write_file(dir / "web" / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
        std::filesystem::create_directory_symlink(dir.path(), dir / "web" / "escape");
        ApiServer::Options options;
        options.web_root = dir / "web";
        server = std::make_unique<ApiServer>(options);
        client = std::make_unique<HttpClient>(server->port());
    }

    TempDir dir;
    std::unique_ptr<ApiServer> server;
    std::unique_ptr<HttpClient> client;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndCaching) {
    auto index = client->get("/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.body, "<!doctype html><title>Grip</title>");
    EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.header("Cache-Control"), "no-cache");
    EXPECT_EQ(index.header("Content-Security-Policy"), http::kWebContentSecurityPolicy);
    EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(index.header("X-Frame-Options"), "DENY");

    auto script = client->get("/assets/index-3f2a9c.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_EQ(script.body, "console.log('grip')");
    EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(script.header("Cache-Control"), "public, max-age=31536000, immutable");

    EXPECT_EQ(client->get("/assets/index-77ab01.css").header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(client->get("/favicon.svg").header("Content-Type"), "image/svg+xml");
    EXPECT_EQ(client->get("/favicon.svg?v=2").status, 200) << "a query string does not change the file";

    // Revalidation with the ETag.
    const std::string etag = index.header("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = client->get("/", {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());

    auto head = client->request("HEAD", "/assets/index-3f2a9c.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length"), "19");
}

TEST_F(StaticFilesTest, PagesOfTheInterfaceAnswerIndexHtml) {
    for (const char* page : {"/dashboard", "/registratie/nieuw", "/rapportage?jaar=2023"}) {
        auto response = client->get(page);
        EXPECT_EQ(response.status, 200) << page;
        EXPECT_EQ(response.body, "<!doctype html><title>Grip</title>") << page;
    }
    // A missing file is not hidden behind index.html.
    EXPECT_EQ(client->get("/assets/index-000000.js").status, 404);
    EXPECT_EQ(client->get("/missing.png").status, 404);
    // Only GET and HEAD.
    auto post = client->post("/dashboard", "x", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(post.header("Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, NothingOutsideTheFolder) {
    for (const char* target :
         {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt", "/assets/%2E%2E/%2e%2e/outside.txt",
          "/assets%2f..%2f..%2foutside.txt", "/..%5coutside.txt", "/./index.html", "/index.html%00.js", "/%zz",
          "/escape/outside.txt", "/escape/web/index.html"}) {
        auto response = client->get(target);
        EXPECT_EQ(response.status, 404) << target;
        EXPECT_EQ(response.body.find("a file outside"), std::string::npos) << target;
    }
}

TEST_F(StaticFilesTest, TheApiStaysTheApis) {
    auto openapi = client->get("/api/v1/openapi.json");
    EXPECT_EQ(openapi.status, 200);
    EXPECT_EQ(openapi.header("Cache-Control"), "no-store");
    EXPECT_EQ(client->get("/api/v1/no-such-route").status, 404);
    EXPECT_EQ(client->get("/api/v1/no-such-route").header("Content-Type"), "application/problem+json");
    EXPECT_EQ(client->get("/api/v1/sessions/current").status, 401);
    EXPECT_EQ(client->get("/healthz").status, 200);
}

TEST(StaticFilesLoad, RefusesAFolderWithoutIndexHtml) {
    TempDir dir;
    EXPECT_FALSE(http::StaticFiles::load(dir.path()));
    EXPECT_FALSE(http::StaticFiles::load(dir / "missing"));
}

TEST(StaticFilesLoad, ContentTypes) {
    EXPECT_EQ(http::content_type_of("a.WOFF2"), "font/woff2");
    EXPECT_EQ(http::content_type_of("report.json"), "application/json");
    EXPECT_EQ(http::content_type_of("README"), "application/octet-stream");
}

}  // namespace
}  // namespace grip::testing
