// Searches that carry personal data go in a POST body, never in a URL:
// persons by BSN, and the processing log of one person (a request for
// access by the data subject, answered by the privacy officer).

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "records/bsn.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// The BSN of a search body, checked; the error answers the request.
Result<std::string> bsn_of(const json::object& body) {
    const auto* bsn = body.if_contains("bsn");
    if (!bsn || !bsn->is_string()) return Error::invalid("bsn");
    std::string text(bsn->get_string());
    if (!records::is_valid_bsn(text)) return Error::invalid("bsn");
    return text;
}

http::Response bad_bsn() {
    return problem(status::bad_request, "search with a BSN", {{"bsn", "required: 9 digits passing the eleven test"}});
}

http::Response search_persons(Call& call) {
    if (!call.role().can_read(records::Kind::Person))
        return problem(status::forbidden, "your role may not read persons");
    if (!call.role().personal_data)
        return problem(status::forbidden, "your role may not search by personal data");
    auto body = json_object_body(call);
    if (!body) return problem_from(body.error());
    auto bsn = bsn_of(*body);
    if (!bsn) return bad_bsn();
    json::array items;
    auto subject = call.db.store->find_subject(call.services.keys.pseudonym("bsn", *bsn));
    if (!subject) return problem_from(subject.error());
    if (*subject) {
        storage::RecordFilter filter;
        filter.subject = **subject;
        auto rows = call.db.store->list_current(records::Kind::Person, filter, "", 100);
        if (!rows) return problem_from(rows.error());
        // Whoever knows a person's BSN finds every person record with it,
        // also one another organisation registered: the desk then refers to
        // that record instead of registering the person twice. The find is
        // logged, and granted for a while so that an own-scope user's next
        // registration may refer to it (record_access: grant_reference).
        std::vector<std::string> found;
        for (const auto& row : *rows) {
            auto view = record_view(call, row);
            if (!view) return problem_from(view.error());
            const auto pseudonym = subject_pseudonym(call.services.keys, call.actor->municipality, **subject);
            if (auto logged = log_processing(call, "search", row.record, pseudonym, "ok"); !logged)
                return problem_from(logged.error());
            found.push_back(row.record.id);
            items.push_back(std::move(*view));
        }
        if (call.role().scope == auth::Role::Scope::Own && !found.empty()) {
            auto granted = call.services.writer.run(
                call.actor->municipality,
                [found, actor = *call.actor, now = call.services.clock.now()](WriteBatch& batch) -> Result<json::value> {
                    for (const auto& id : found)
                        TRY(grant_reference(batch.store, actor, now, records::Kind::Person, id));
                    return json::value(nullptr);
                });
            if (!granted) return problem_from(granted.error());
        }
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

}  // namespace

void add_search_routes(Router& router) {
    router.add({verb::post, "/api/v1/persons/search", Access::SignedIn, "", search_persons,
                {"searchPersons", "Find the persons with a BSN (the BSN goes in the body, never in a URL)", "records",
                 {}, "PersonSearch", {"application/json"},
                 {{200, "The persons with this BSN (an own-scope user may then refer to them for a day)", "RecordList"},
                  {400, "No valid BSN", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not search persons", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
}

}  // namespace grip::api
