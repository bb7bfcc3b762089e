// Searches that carry personal data go in a POST body, never in a URL:
// persons by BSN, addresses by postcode and house number, and the processing log of one person (a request for
// access by the data subject, answered by the privacy officer).

#include <algorithm>
#include <map>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "records/bsn.h"
#include "records/record.h"
#include "records/validator.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

http::Response bad_bsn() {
    return problem(status::bad_request, "search with a BSN", {{"bsn", "required: 9 digits passing the eleven test"}});
}

// The records of `kind` whose data subject has this pseudonym. Whoever
// knows a person's BSN, or an address's postcode and house number, finds
// every record of it, also one another organisation registered: the desk
// then refers to that record instead of registering it twice. Each find is
// logged, and granted for a day so that an own-scope user's next
// registration may refer to it (record_access: grant_reference).
Answer search_subject(Call& call, records::Kind kind, const storage::Pseudonym& pseudonym) {
    json::array items;
    auto subject = call.db.store->find_subject(pseudonym);
    if (!subject) return subject.error();
    if (*subject) {
        storage::RecordFilter filter;
        filter.subject = **subject;
        auto rows = call.db.store->list_current(kind, filter, "", 100);
        if (!rows) return rows.error();
        std::vector<std::string> found;
        const auto logged_subject = subject_pseudonym(call.services.keys, call.actor->municipality, **subject);
        for (const auto& row : *rows) {
            auto view = record_view(call, row);
            if (!view) return view.error();
            if (auto logged = log_processing(call, "search", row.record, logged_subject, "ok"); !logged)
                return logged.error();
            found.push_back(row.record.id);
            items.push_back(std::move(*view));
        }
        if (call.own_scope() && !found.empty()) {
            auto granted = call.services.writer.run(call.actor->municipality,
                                                    [found, kind, actor = *call.actor,
                                                     now = call.services.clock.now()](WriteBatch& batch) -> Status {
                                                        for (const auto& id : found)
                                                            TRY(grant_reference(batch.store, actor, now, kind, id));
                                                        return ok_status();
                                                    });
            if (!granted) return granted.error();
        }
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

// Whether the role may search records of this kind by personal data; the refusal otherwise.
std::optional<http::Response> search_refused(Call& call, records::Kind kind) {
    if (!call.role().can_read(kind))
        return problem(status::forbidden, fmt::format("your role may not read {} records", records::kind_name(kind)));
    if (!call.role().personal_data) return problem(status::forbidden, "your role may not search by personal data");
    return std::nullopt;
}

Answer search_persons(Call& call) {
    if (auto refused = search_refused(call, records::Kind::Person)) return *refused;
    auto body = json_object_body(call);
    if (!body) return body.error();
    auto bsn = bsn_in(*body);
    if (!bsn) return bad_bsn();
    return search_subject(call, records::Kind::Person, call.services.keys.pseudonym("bsn", *bsn));
}

// An address by postcode, house number and suffix, as people know it.
Answer search_addresses(Call& call) {
    if (auto refused = search_refused(call, records::Kind::Address)) return *refused;
    auto body = json_object_body(call);
    if (!body) return body.error();
    std::vector<InvalidParam> invalid;
    const auto* pc = body->if_contains("postcode");
    const auto postcode = pc && pc->is_string() ? records::normalise_postcode(pc->get_string()) : std::string();
    if (postcode.empty()) invalid.push_back({"postcode", "required: a Dutch postcode (1234 AB)"});
    const auto* number = body->if_contains("house_number");
    if (!number || !number->is_int64() || number->get_int64() < 1 || number->get_int64() > 99999)
        invalid.push_back({"house_number", "required: a house number (1 to 99999)"});
    const auto* suffix = body->if_contains("suffix");
    if (suffix && !suffix->is_string()) invalid.push_back({"suffix", "a letter or addition, as text"});
    if (!invalid.empty()) return problem(status::bad_request, "search with a postcode and house number", invalid);
    const auto key = records::address_key(postcode, number->get_int64(),
                                          suffix ? std::string_view(suffix->get_string()) : std::string_view());
    return search_subject(call, records::Kind::Address, call.services.keys.pseudonym("address", key));
}

// The buurt of a postcode, for a new address: the areas of the addresses
// Grip holds with this postcode, the most common first. The postcode goes in
// the body (it is part of an address); the answer holds area codes only,
// never an address. The postcode is sealed with the rest of an address, so
// this reads every address of the municipality once: a new address is rare.
Answer area_of_postcode(Call& call) {
    if (auto refused = search_refused(call, records::Kind::Address)) return *refused;
    if (!call.role().can_write(records::Kind::Address))
        return problem(status::forbidden, "your role may not register addresses");
    auto body = json_object_body(call);
    if (!body) return body.error();
    const auto* pc = body->if_contains("postcode");
    const auto postcode = pc && pc->is_string() ? records::normalise_postcode(pc->get_string()) : std::string();
    if (postcode.empty())
        return problem(status::bad_request, "search with a postcode",
                       {{"postcode", "required: a Dutch postcode (1234 AB)"}});
    auto all = call.db.store->all_current(records::Kind::Address);
    if (!all) return all.error();
    std::map<std::string, int64_t> counts;
    for (const auto& row : *all) {
        const auto area = row.record.text("area");
        if (area.empty() || row.sealed.empty()) continue;
        auto plain = call.services.keys.unseal(row.sealed);
        if (!plain) return Error::storage("an address could not be unsealed: is this the right key file?");
        std::error_code ec;
        auto fields = json::parse(*plain, ec);
        if (ec || !fields.is_object()) continue;
        const auto* p = fields.as_object().if_contains("postcode");
        if (p && p->is_string() && records::normalise_postcode(p->get_string()) == postcode)
            ++counts[std::string(area)];
    }
    std::vector<std::pair<std::string, int64_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json::array items;
    for (const auto& [code, n] : sorted) items.push_back(json::object{{"area", code}, {"addresses", n}});
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

}  // namespace

void add_search_routes(Router& router) {
    router.add({verb::post,
                "/api/v1/persons/search",
                Access::SignedIn,
                "",
                search_persons,
                {"searchPersons",
                 "Find the persons with a BSN (the BSN goes in the body, never in a URL)",
                 "records",
                 {},
                 "PersonSearch",
                 {"application/json"},
                 {{200, "The persons with this BSN (an own-scope user may then refer to them for a day)", "RecordList"},
                  {400, "No valid BSN", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not search persons", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/addresses/search",
                Access::SignedIn,
                "",
                search_addresses,
                {"searchAddresses",
                 "Find the addresses with a postcode and house number (in the body, never in a URL)",
                 "records",
                 {},
                 "AddressSearch",
                 {"application/json"},
                 {{200,
                   "The addresses with this postcode, house number and suffix (an own-scope user may then refer "
                   "to them for a day)",
                   "RecordList"},
                  {400, "No valid postcode or house number", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not search addresses", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/addresses/area",
                Access::SignedIn,
                "",
                area_of_postcode,
                {"areaOfPostcode",
                 "The buurt of a postcode, for a new address: the areas of the stored addresses with this postcode "
                 "(in the body, never in a URL), the most common first",
                 "records",
                 {},
                 "PostcodeSearch",
                 {"application/json"},
                 {{200, "The areas (codes and how many addresses), no addresses", "AreaCounts"},
                  {400, "No valid postcode", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not register addresses", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
}

}  // namespace grip::api
