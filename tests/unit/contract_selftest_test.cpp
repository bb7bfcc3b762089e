// The API contract checker (tests/contract/check-contract.mjs) on its own
// fixtures, so that ctest covers it: a good document and good exchanges pass,
// and each kind of breach fails with exit code 1, naming what is wrong and
// printing no body value.

#include <filesystem>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "contract_support.h"

namespace grip::testing {
namespace {

std::string fixture(const std::string& name) {
    return (std::filesystem::path(contract_dir()) / "fixtures" / name).string();
}

struct Case {
    const char* openapi;
    const char* exchanges;
    const char* routes;  // "" for none
    int exit_code;
    const char* says;  // a phrase the report must contain
};

TEST(ContractChecker, SelfTestFixtures) {
    const auto modules = std::filesystem::path(contract_dir()) / "node_modules";
    ASSERT_TRUE(std::filesystem::exists(modules))
        << modules.string() << " is missing: run scripts/setup (it runs npm ci --prefix tests/contract)";

    const Case cases[] = {
        {"openapi.json", "exchanges-good.ndjson", "", 0, "contract: OK"},
        {"openapi.json", "exchanges-good.ndjson", "routes-good.json", 0, "contract: OK"},
        {"openapi-server-prefix.json", "exchanges-good.ndjson", "routes-good.json", 0, "contract: OK"},
        {"openapi.json", "exchanges-undocumented-route.ndjson", "", 1, "undocumented route"},
        {"openapi.json", "exchanges-undocumented-method.ndjson", "", 1, "undocumented route"},
        {"openapi.json", "exchanges-undocumented-status.ndjson", "", 1, "undocumented status 500"},
        {"openapi.json", "exchanges-bad-body.ndjson", "", 1, "body /version: must be integer"},
        {"openapi.json", "exchanges-bad-content-type.ndjson", "", 1, "content type text/html is not documented"},
        {"openapi.json", "exchanges-body-not-json.ndjson", "", 1, "the body is not valid JSON"},
        {"openapi.json", "exchanges-bad-target.ndjson", "", 1, "does not match the route template"},
        {"openapi.json", "exchanges-good.ndjson", "routes-mismatch.json", 1, "which the router does not declare"},
        {"openapi-invalid.json", "exchanges-good.ndjson", "", 1, "not a valid OpenAPI 3.0.3 document"},
        {"openapi.json", "exchanges-malformed.ndjson", "", 2, "not a valid exchanges file"},
        {"no-such-openapi.json", "exchanges-good.ndjson", "", 2, "usage:"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.openapi) + " " + c.exchanges + " " + c.routes);
        const auto r = check_contract(fixture(c.openapi), fixture(c.exchanges),
                                      *c.routes != '\0' ? fixture(c.routes) : std::string());
        EXPECT_EQ(r.exit_code, c.exit_code) << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << "the report lacks \"" << c.says << "\":\n" << r.output;
        for (const char* value : {"Jan Jansen", "999990019", "Voorbeeldstraat"}) {
            EXPECT_EQ(r.output.find(value), std::string::npos) << "the report prints a body value:\n" << r.output;
        }
    }
}

// record_exchange writes lines the checker reads: a good body passes, a body
// that breaks the schema or is not JSON fails.
TEST(ContractChecker, RecordedExchanges) {
    const auto modules = std::filesystem::path(contract_dir()) / "node_modules";
    ASSERT_TRUE(std::filesystem::exists(modules))
        << modules.string() << " is missing: run scripts/setup (it runs npm ci --prefix tests/contract)";

    std::random_device rd;
    const auto dir =
        std::filesystem::temp_directory_path() / ("grip-contract-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    const std::string good = (dir / "good.ndjson").string();
    const std::string bad = (dir / "bad.ndjson").string();
    const std::string route = "/api/v1/records/{kind}/{id}";

    record_exchange(good, "GET", route, "/api/v1/records/person/P-1", 200, "application/json; charset=utf-8",
                    R"({"kind":"person","id":"P-1","version":1,"attributes":{},"note":null})");
    record_exchange(good, "GET", route, "/api/v1/records/person/P-2", 404, "application/problem+json",
                    R"({"title":"Not Found","status":404})");
    record_exchange(good, "DELETE", "/api/v1/sessions/current", "/api/v1/sessions/current", 204, "", "");
    record_exchange(good, "GET", "/api/v1/indicators", "/api/v1/indicators?year=2023", 200, "text/csv", "code,value\n");
    const auto ok = check_contract(fixture("openapi.json"), good);
    EXPECT_EQ(ok.exit_code, 0) << ok.output;

    record_exchange(bad, "GET", route, "/api/v1/records/person/P-1", 200, "application/json",
                    R"({"kind":"person","id":"P-1","version":0,"attributes":{},"name":"Jan Jansen"})");
    record_exchange(bad, "GET", "/api/v1/indicators", "/api/v1/indicators?year=2023", 200, "application/json",
                    "<html>not json</html>");
    const auto failed = check_contract(fixture("openapi.json"), bad);
    EXPECT_EQ(failed.exit_code, 1) << failed.output;
    EXPECT_NE(failed.output.find("body /version: must be >= 1"), std::string::npos) << failed.output;
    EXPECT_NE(failed.output.find("the body is not valid JSON"), std::string::npos) << failed.output;
    EXPECT_EQ(failed.output.find("Jan Jansen"), std::string::npos) << failed.output;

    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace grip::testing
