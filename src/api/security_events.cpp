#include "api/security_events.h"

#include "api/services.h"

namespace grip::api {

Status log_security(Call& call, privacy::SecurityEvent event, privacy::SecurityResult result, std::string target,
                    std::string detail, const auth::Actor* as) {
    privacy::SecurityEntry entry;
    entry.trace_id = call.trace_id;
    if (!as && call.actor) as = &*call.actor;
    entry.actor = as ? as->name : std::string("-");
    entry.event = event;
    entry.result = result;
    entry.target = std::move(target);
    entry.detail = std::move(detail);
    entry.client = call.info.client_ip;
    if (as) entry.municipality = as->municipality;
    return call.services.log.security().append(std::move(entry));
}

}  // namespace grip::api
