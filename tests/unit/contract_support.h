#pragma once
// The API contract check for the integration tests: a test records every
// exchange it makes with the server (record_exchange), saves the served
// /api/v1/openapi.json, and calls check_contract, which runs
// tests/contract/check-contract.mjs with node (see tests/contract/README.md).
//
// The exchanges file is NDJSON, one exchange a line:
//   {"method":"GET","route":"/api/v1/records/{kind}/{id}","target":"/api/v1/records/person/P-1",
//    "status":200,"content_type":"application/json","body":<parsed JSON or null>}
// route is the path template as the router and the document name it; target is
// the path (and query) requested; content_type is null when the response has no
// body; body is the parsed body when it is JSON, else null.

#include <string>

namespace grip::testing {

struct ContractResult {
    int exit_code;       // 0 all checks pass, 1 a check failed, 2 usage or input error
                         // (also: node_modules missing), 127 node not found
    std::string output;  // the checker's report (stdout and stderr together)
};

// Runs: node tests/contract/check-contract.mjs OPENAPI EXCHANGES [ROUTES].
// routes_file: a JSON array of {"method","route"} as the router declares them,
// or "" to skip the router check. $GRIP_NODE names another node binary.
ContractResult check_contract(const std::string& openapi_file, const std::string& exchanges_file,
                              const std::string& routes_file = "");

// The folder of the checker (tests/contract in the source tree).
std::string contract_dir();

// Appends one exchange to an NDJSON exchanges file (created if missing).
// body is the response body as received: it is parsed and stored as JSON when
// content_type is JSON (application/json or a +json type) and parses, else
// the line gets "body": null (and "body_not_json": true when a JSON content
// type came with a non-empty body that does not parse, which the checker
// fails). An empty content_type is written as null.
void record_exchange(const std::string& exchanges_file, const std::string& method, const std::string& route,
                     const std::string& target, int status, const std::string& content_type, const std::string& body);

}  // namespace grip::testing
