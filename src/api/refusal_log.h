#pragma once
// Refused requests in the processing log: a 403 (the role may not, or the
// CSRF token is wrong; logged with the route) and a 404 for a record that
// exists but is not the user's to see (the answer does not tell it exists;
// the log does, with its data subject) are processings too. The privacy
// officer sees who tried to reach what; a person's access request shows who
// was refused their data.

#include "api/call.h"
#include "api/router.h"
#include "common/result.h"
#include "http/http_types.h"

namespace grip::api {

// Logs the answer when it is such a refusal to a signed-in user; nothing otherwise.
Status log_refusal(Call& call, const Route& route, const http::Response& response);

}  // namespace grip::api
