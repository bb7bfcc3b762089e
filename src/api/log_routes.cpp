// /api/v1/log: the processing log for the privacy officer — all of it, page
// by page, or the whole log of one person (a request for access), found by
// the BSN in a POST body. /api/v1/security-log: the security log (sign-ins,
// users, tokens, role grants, catalogue changes) for the privacy officer and
// the functional administrators.

#include <charconv>
#include <chrono>
#include <optional>

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "privacy/security_log.h"
#include "records/bsn.h"
#include "report/access_request.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

json::object entry_json(const privacy::LogEntry& e) {
    return json::object{{"seq", e.seq},
                        {"time", e.time},
                        {"trace_id", e.trace_id},
                        {"span_id", e.span_id},
                        {"parent_span_id",
                         e.parent_span_id.empty() ? json::value(nullptr) : json::value(e.parent_span_id)},
                        {"actor", e.actor},
                        {"action", privacy::to_text(e.action)},
                        {"processing_activity", e.processing_activity},
                        {"subject", e.subject.empty() ? json::value(nullptr) : json::value(e.subject)},
                        {"record", e.record},
                        {"result", privacy::to_text(e.result)},
                        {"hash", e.hash}};
}

// The cursor and limit of a page (default 200), or the refusal of bad ones.
std::optional<http::Response> paging(const Call& call, int64_t& after_seq, int64_t& limit) {
    const auto cursor = call.query_value("cursor");
    if (!cursor.empty()) {
        const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), after_seq);
        if (ec != std::errc() || end != cursor.data() + cursor.size())
            return problem(status::bad_request, "bad cursor", {{"cursor", "the next_cursor of the previous page"}});
    }
    limit = 200;
    if (const auto text = call.query_value("limit"); !text.empty()) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
        if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 1000)
            return problem(status::bad_request, "bad limit", {{"limit", "a whole number from 1 to 1000"}});
    }
    return std::nullopt;
}

// The privacy officer reads the log of the own municipality only.
Answer page(Call& call, privacy::LogQuery query) {
    query.municipality = call.actor->municipality;
    query.home = call.services.catalogue.catalogue.municipality_code;
    if (auto refused = paging(call, query.after_seq, query.limit)) return std::move(*refused);
    auto entries = TRY(call.services.log.read(query));
    json::array items;
    for (const auto& e : entries) items.push_back(entry_json(e));
    const bool full = static_cast<int64_t>(entries.size()) == query.limit;
    json::object out{{"items", std::move(items)},
                     {"next_cursor", full ? json::value(std::to_string(entries.back().seq)) : json::value(nullptr)}};
    return json_response(status::ok, out);
}

Answer list_log(Call& call) {
    privacy::LogQuery query;
    query.actor = call.query_value("actor");
    return page(call, std::move(query));
}

// The log of one data subject: the privacy officer gives the person's BSN.
Answer of_person(Call& call) {
    auto body = TRY(json_object_body(call));
    const auto bsn = bsn_in(body);
    if (!bsn)
        return problem(status::bad_request, "search with a BSN",
                       {{"bsn", "required: 9 digits passing the eleven test"}});
    auto subject = call.db.store->find_subject(call.services.keys.pseudonym("bsn", *bsn));
    if (!subject) return subject.error();
    if (!*subject) return json_response(status::ok, json::object{{"items", json::array{}}, {"next_cursor", nullptr}});
    privacy::LogQuery query;
    query.subject = subject_pseudonym(call.services.keys, call.actor->municipality, **subject);
    // The privacy officer's own reading of a person's log is processing too.
    privacy::LogEntry entry = log_entry_of(call);
    entry.action = privacy::LogAction::Search;
    entry.subject = query.subject;
    entry.record = "log";
    TRY(call.services.log.append(entry));
    auto response = page(call, query);
    return response;
}

// A person's request for access: everything Grip holds about them, by BSN
// in the body, as JSON or as a document for the person (format=html). The
// one way the privacy officer reads records; the export is logged.
Answer access_request(Call& call) {
    auto body = TRY(json_object_body(call));
    const auto bsn = bsn_in(body);
    if (!bsn)
        return problem(status::bad_request, "give the person's BSN",
                       {{"bsn", "required: 9 digits passing the eleven test"}});
    const std::string format = call.query_value("format").empty() ? "json" : call.query_value("format");
    if (format != "json" && format != "html")
        return problem(status::bad_request, "which format?", {{"format", "json or html"}});
    report::AccessRequest request;
    request.bsn = *bsn;
    request.municipality = call.actor->municipality;
    request.home = call.services.catalogue.catalogue.municipality_code;
    request.generated_at =
        fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::sys_seconds{std::chrono::seconds{call.services.clock.now()}});
    auto model = report::export_access_request(*call.db.store, call.services.keys, call.services.catalogue.catalogue,
                                               call.services.log, request);
    if (!model) return model.error();
    privacy::LogEntry entry = log_entry_of(call);
    entry.action = privacy::LogAction::Export;
    if (const auto* s = model->if_contains("subject"); s && s->is_string())
        entry.subject = std::string(s->get_string());
    entry.record = "access-request";
    entry.result = model->at("found").as_bool() ? privacy::LogResult::Ok : privacy::LogResult::NotFound;
    TRY(call.services.log.append(entry, privacy::Durability::Now));
    if (format == "json") return json_response(status::ok, *model);
    auto html = TRY(report::render_access_request(*model, call.services.catalogue.directory / "report"));
    auto response = text_response(status::ok, "text/html; charset=utf-8", std::move(html));
    response.set(boost::beast::http::field::content_disposition, "attachment; filename=\"inzage.html\"");
    return response;
}

json::object security_entry_json(const privacy::SecurityEntry& e) {
    return json::object{{"seq", e.seq},
                        {"time", e.time},
                        {"trace_id", e.trace_id},
                        {"actor", e.actor},
                        {"event", privacy::to_text(e.event)},
                        {"result", privacy::to_text(e.result)},
                        {"target", e.target},
                        {"detail", e.detail},
                        {"client", e.client},
                        {"municipality", e.municipality},
                        {"hash", e.hash}};
}

// The security log of the installation: its events are of accounts and
// configuration, not of a municipality's records, and hold no personal data
// of data subjects.
Answer security_log(Call& call) {
    privacy::SecurityQuery query;
    query.actor = call.query_value("actor");
    query.target = call.query_value("target");
    query.since = call.query_value("since");
    // Each municipality's administrators and privacy officer read their own.
    query.municipality = call.actor->municipality;
    query.home = call.services.catalogue.catalogue.municipality_code;
    std::vector<InvalidParam> invalid;
    if (const auto event = call.query_value("event"); !event.empty()) {
        query.event = privacy::parse_security_event(event);
        if (!query.event) invalid.push_back({"event", "one of the events of the security log"});
    }
    if (const auto result = call.query_value("result"); !result.empty()) {
        query.result = privacy::parse_security_result(result);
        if (!query.result) invalid.push_back({"result", "ok, failed, throttled or denied"});
    }
    if (!invalid.empty()) return problem(status::bad_request, "bad filter", invalid);
    if (auto refused = paging(call, query.after_seq, query.limit)) return std::move(*refused);
    auto entries = TRY(call.services.log.security().read(query));
    json::array items;
    for (const auto& e : entries) items.push_back(security_entry_json(e));
    const bool full = static_cast<int64_t>(entries.size()) == query.limit;
    return json_response(status::ok, json::object{{"items", std::move(items)},
                                                  {"next_cursor", full ? json::value(std::to_string(entries.back().seq))
                                                                       : json::value(nullptr)}});
}

}  // namespace

void add_log_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc forbidden{403, "Only the privacy officer reads the log", "Problem"};
    router.add(
        {verb::get,
         "/api/v1/log",
         Access::SignedIn,
         "log.read",
         list_log,
         {"listLog",
          "The processing log, oldest first",
          "log",
          {{"actor", "Only the records of this user or token"},
           {"cursor", "The next_cursor of the previous page"},
           {"limit", "Records per page (1-1000, default 200)", "integer"}},
          "",
          {},
          {{200, "A page of the log", "LogPage"}, {400, "Bad cursor or limit", "Problem"}, unauthorised, forbidden}}});
    router.add({verb::post,
                "/api/v1/log/search",
                Access::SignedIn,
                "log.read",
                of_person,
                {"searchLog",
                 "The whole log of one person (a request for access), by BSN in the body",
                 "log",
                 {{"cursor", "The next_cursor of the previous page"},
                  {"limit", "Records per page (1-1000, default 200)", "integer"}},
                 "PersonSearch",
                 {"application/json"},
                 {{200, "The person's log", "LogPage"},
                  {400, "No valid BSN", "Problem"},
                  unauthorised,
                  forbidden,
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/access-requests",
                Access::SignedIn,
                "access_request.export",
                access_request,
                {"exportAccessRequest",
                 "A person's request for access: everything Grip holds about the person with the BSN in the body "
                 "(records with their history, activities, addresses, cases, the processing log's entries), logged",
                 "log",
                 {{"format", "json (default) or html (a document for the person)"}},
                 "PersonSearch",
                 {"application/json"},
                 {{200, "The export (application/json, or text/html with format=html)", "AccessRequest", "text/html"},
                  {400, "No valid BSN, or an unknown format", "Problem"},
                  unauthorised,
                  forbidden,
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/security-log",
                Access::SignedIn,
                "security_log.read",
                security_log,
                {"listSecurityLog",
                 "The security log, oldest first: sign-ins, sign-outs, expired sessions, users, API tokens, role "
                 "grants, catalogue changes (never a password, token or BSN)",
                 "log",
                 {{"actor", "Only the events of this user or token"},
                  {"target", "Only the events done to this user (or file)"},
                  {"event", "Only this event (sign_in, user_created, role_granted, ...)"},
                  {"result", "Only this result (ok, failed, throttled, denied)"},
                  {"since", "Only events at or after this time (RFC 3339, UTC)"},
                  {"cursor", "The next_cursor of the previous page"},
                  {"limit", "Records per page (1-1000, default 200)", "integer"}},
                 "",
                 {},
                 {{200, "A page of the security log", "SecurityLogPage"},
                  {400, "Bad filter, cursor or limit", "Problem"},
                  unauthorised,
                  {403, "Only the privacy officer and the functional administrators read it", "Problem"}}}});
}

}  // namespace grip::api
