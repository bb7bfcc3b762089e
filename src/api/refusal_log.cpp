#include "api/refusal_log.h"

#include <fmt/format.h>

#include "api/record_access.h"
#include "api/services.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

privacy::LogAction action_of(const Route& route) {
    if (route.pattern.find("search") != std::string::npos) return privacy::LogAction::Search;
    switch (route.method) {
        case verb::post: return privacy::LogAction::Create;
        case verb::put:
        case verb::patch: return privacy::LogAction::Update;
        case verb::delete_: return privacy::LogAction::Withdraw;
        default: return privacy::LogAction::Read;
    }
}

// What was asked for: kind/id of a record, the resource and id of another
// thing (cases/12), else the route.
std::string target_of(const Call& call, const Route& route) {
    const auto kind = call.path.find("kind");
    const auto id = call.path.find("id");
    if (kind != call.path.end() && id != call.path.end()) return fmt::format("{}/{}", kind->second, id->second);
    if (id != call.path.end()) {
        const auto at = route.pattern.find("/{id}");
        const auto start = route.pattern.rfind('/', at == std::string::npos ? 0 : at - 1);
        if (at != std::string::npos && start != std::string::npos)
            return fmt::format("{}/{}", route.pattern.substr(start + 1, at - start - 1), id->second);
    }
    return route.pattern;
}

}  // namespace

Status log_refusal(Call& call, const Route& route, const http::Response& response) {
    if (!call.actor) return ok_status();
    privacy::LogResult result = privacy::LogResult::Ok;
    std::string target;
    if (response.result() == status::forbidden) {
        // What the role may not do, by its route: the ids in the path are
        // the asker's words, which the log does not repeat.
        result = privacy::LogResult::Denied;
        target = route.pattern;
    } else if (response.result() == status::not_found && !call.refused_subject.empty()) {
        // A record of the user's municipality that exists but is not theirs
        // to see; a record that does not exist was nobody's data.
        result = privacy::LogResult::NotFound;
        target = target_of(call, route);
    } else {
        return ok_status();
    }
    privacy::LogEntry entry = log_entry_of(call);
    entry.action = action_of(route);
    entry.subject = call.refused_subject;
    entry.record = target.substr(0, 200);
    entry.result = result;
    return call.services.log.append(std::move(entry));
}

}  // namespace grip::api
