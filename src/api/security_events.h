#pragma once
// The security log as the API's handlers write it: one event of a call, with
// the call's actor (or `-` before sign-in), trace id and client address.

#include <string>

#include "api/call.h"
#include "privacy/security_log.h"

namespace grip::api {

// Writes the event, done by `as` (a user signing in) or by the call's actor. The caller decides what a failure means:
// an administrative act answers 500 (it must not happen without a trace), a sign-in notes it in the server's log.
Status log_security(Call& call, privacy::SecurityEvent event, privacy::SecurityResult result, std::string target,
                    std::string detail = {}, const auth::Actor* as = nullptr);

}  // namespace grip::api
