// /api/v1/reports/{year}/editions: the frozen editions of a year's report
// (src/report/edition.h): the list with the year's approval case, freezing
// by hand (a correction of a sent letter names the edition it corrects), one
// edition's stored file in a format, and what changed since it was frozen.
// The approval itself is a case (case type with subject kind "report") and
// goes through /api/v1/cases like every case; its step "vaststellen" freezes.

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/services.h"
#include "common/date.h"
#include "report/edition.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// The edition of the path, if it is one of this year's (and so of the
// user's municipality: the store reads in its scope only).
Result<report::FrozenEdition> edition_of(Call& call, int year) {
    const auto id = whole_number(call.path.at("id"), 1, std::numeric_limits<int64_t>::max());
    if (!id) return Error::not_found("no such edition");
    auto edition = report::read_edition(*call.db.store, *id);
    if (!edition && edition.error().code == ErrorCode::NotFound) return Error::not_found("no such edition");
    if (!edition) return edition.error();
    if (edition->row.year != year) return Error::not_found("no such edition of this year");
    return edition;
}

Answer list_editions(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto rows = TRY(call.db.store->report_editions(*year));
    json::array editions;
    for (const auto& r : rows) editions.push_back(report::edition_summary(r));
    json::value approval = nullptr;
    for (const auto& type : call.services.workflows.types) {
        if (!type.report_subject) continue;
        storage::CaseFilter f;
        f.type = type.key;
        f.subject_id = std::to_string(*year);
        auto cases = TRY(call.db.store->cases(f));
        if (!cases.empty()) {
            const auto& c = cases.front();
            approval = json::object{{"id", c.id}, {"type", c.type}, {"state", c.state}, {"version", c.version}};
        }
        break;
    }
    return json_response(status::ok,
                         json::object{{"year", *year}, {"editions", std::move(editions)}, {"approval", approval}});
}

Answer freeze(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto body = TRY(json_object_body(call));
    report::FreezeRequest request;
    request.year = *year;
    request.now = utc_stamp(call.services.clock.now());
    std::vector<InvalidParam> invalid;
    auto text = [&](const char* key) -> std::string {
        const auto* v = body.if_contains(key);
        if (!v || v->is_null()) return {};
        if (!v->is_string() || v->get_string().size() > 200) {
            invalid.push_back({key, "a text of at most 200 characters"});
            return {};
        }
        return std::string(v->get_string());
    };
    request.decision_date = text("decision_date");
    request.decision_number = text("decision_number");
    if (!request.decision_date.empty() && !Date::parse(request.decision_date))
        invalid.push_back({"decision_date", "a date: YYYY-MM-DD"});
    if (const auto* c = body.if_contains("corrects"); c && !c->is_null()) {
        if (!c->is_int64() || c->get_int64() < 1) invalid.push_back({"corrects", "the id of a frozen edition"});
        else request.corrects = c->get_int64();
    }
    if (!invalid.empty()) return problem(status::bad_request, "the edition cannot be frozen like this", invalid);
    auto frozen = call.services.writer.run(call.actor->municipality, [&](WriteBatch& batch) {
        report::EditionContext ctx{batch.store, call.services.catalogue.catalogue, &call.services.workflows,
                                   call.services.catalogue.directory / "report"};
        return report::freeze_edition(ctx, request);
    });
    if (!frozen) {
        if (frozen.error().code == ErrorCode::NotFound)
            return problem(status::bad_request, frozen.error().message,
                           {{"corrects", "no frozen edition of this year"}});
        return frozen.error();
    }
    auto response = json_response(status::created, report::edition_summary(*frozen));
    response.set(boost::beast::http::field::location, fmt::format("/api/v1/reports/{}/editions/{}", *year, frozen->id));
    return response;
}

Answer get_file(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    const auto format_text = call.query_value("format");
    const auto format = report::parse_report_format(format_text.empty() ? "html" : format_text);
    if (!format)
        return problem(status::bad_request, "which format?",
                       {{"format", "a format of the report: html, md, json, docx, pdf or xlsx"}});
    const auto edition_text = call.query_value("edition");
    if (!edition_text.empty() && edition_text != "intern" && edition_text != "openbaar")
        return problem(status::bad_request, "which edition?", {{"edition", "intern (default) or openbaar"}});
    auto edition = TRY(edition_of(call, *year));
    auto bytes =
        report::edition_file(edition, edition_text == "openbaar" ? report::Edition::Public : report::Edition::Internal,
                             *format, call.services.catalogue.directory / "report");
    if (!bytes) return bytes.error();
    auto response = text_response(status::ok, std::string(report::report_content_type(*format)), std::move(*bytes));
    if (call.query_value("download") == "1")
        response.set(boost::beast::http::field::content_disposition,
                     fmt::format("attachment; filename=\"voortgangsrapportage-{}-editie-{}-{}{}\"", *year,
                                 edition.row.id, edition_text.empty() ? "intern" : edition_text,
                                 report::report_file_extension(*format)));
    return response;
}

Answer get_diff(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto edition = TRY(edition_of(call, *year));
    auto changes = TRY(report::edition_diff(*call.db.store, call.services.catalogue.catalogue, edition));
    return json_response(status::ok, report::diff_json(changes));
}

}  // namespace

void add_edition_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc& forbidden = kRoleMayNot;
    router.add({verb::get,
                "/api/v1/reports/{year}/editions",
                Access::SignedIn,
                "reports.read",
                list_editions,
                {"listReportEditions",
                 "The frozen editions of a year's report, with its approval case",
                 "reports",
                 {},
                 "",
                 {},
                 {{200, "The editions, oldest first", "ReportEditions"},
                  unauthorised,
                  forbidden,
                  {404, "Not a year", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/reports/{year}/editions",
                Access::SignedIn,
                "reports.approve",
                freeze,
                {"freezeReportEdition",
                 "Freeze the year's report now (a correction names the edition it corrects); the approval case's "
                 "step vaststellen does this too",
                 "reports",
                 {},
                 "ReportEditionInput",
                 {"application/json"},
                 {{201, "Frozen", "ReportEdition"},
                  {400, "Bad decision date or number, or no such edition to correct", "Problem"},
                  unauthorised,
                  forbidden,
                  {404, "Not a year", "Problem"},
                  kNotJson}}});
    router.add({verb::get,
                "/api/v1/reports/{year}/editions/{id}",
                Access::SignedIn,
                "reports.read",
                get_file,
                {"getReportEdition",
                 "A frozen edition's file: the bytes stored when it was frozen",
                 "reports",
                 {{"format", "html (default), md, json, docx, pdf or xlsx: a format of the report"},
                  {"edition", "intern (default) or openbaar"},
                  {"download", "1: as an attachment with a file name"}},
                 "",
                 {},
                 {{200, "The file", "Report", "text/html"},
                  {400, "Bad format or edition", "Problem"},
                  unauthorised,
                  forbidden,
                  {404, "No such edition of this year", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/reports/{year}/editions/{id}/diff",
                Access::SignedIn,
                "reports.read",
                get_diff,
                {"getReportEditionDiff",
                 "The figures that changed since the edition was frozen: frozen and live value, and the later "
                 "deliveries that wrote records the indicator counts",
                 "reports",
                 {},
                 "",
                 {},
                 {{200, "The changed figures", "ReportEditionDiff"},
                  unauthorised,
                  forbidden,
                  {404, "No such edition of this year", "Problem"}}}});
}

}  // namespace grip::api
