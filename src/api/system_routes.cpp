// Health, the OpenAPI document and the catalogue.

#include <boost/json.hpp>

#include "api/api_routes.h"
#include "api/openapi.h"
#include "api/problem.h"
#include "api/services.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

Answer health(Call& call) {
    // The store answers: a read of the schema version.
    auto version = call.db.store->meta("schema_version");
    if (!version) return problem(status::service_unavailable, "the store does not answer");
    return json_response(status::ok, boost::json::object{{"status", "ok"}});
}

// The catalogue the server runs on, as it read it at start (a change saved
// since waits for the next start: GET /api/v1/catalogue/status).
Answer catalogue(Call& call) {
    return text_response(status::ok, "application/json", call.services.catalogue_files.running_programme);
}

}  // namespace

void add_system_routes(Router& router) {
    router.add({verb::get,
                "/healthz",
                Access::Public,
                "",
                health,
                {"health",
                 "Whether the server and its store answer",
                 "system",
                 {},
                 "",
                 {},
                 {{200, "Healthy", "Health"}, {503, "The store does not answer", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/openapi.json",
                Access::Public,
                "",
                [](Call& call) {
                    auto response = json_response(status::ok, openapi_document(call.services.router,
                                                                               call.services.settings.contact));
                    // Any site's tools may read the document (NLGov API Design Rules, /core/publish-openapi).
                    response.set(boost::beast::http::field::access_control_allow_origin, "*");
                    return response;
                },
                {"openapi",
                 "This API's OpenAPI 3 document",
                 "system",
                 {},
                 "",
                 {},
                 {{200, "The OpenAPI document", "OpenApiDocument"}}}});
    router.add({verb::get,
                "/api/v1/catalogue",
                Access::SignedIn,
                "catalogue.read",
                catalogue,
                {"getCatalogue",
                 "The programme's catalogue: activity types, attributes, indicators",
                 "system",
                 {},
                 "",
                 {},
                 {{200, "The catalogue (format grip-catalogue/1)", "Catalogue"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read the catalogue", "Problem"}}}});
}

}  // namespace grip::api
