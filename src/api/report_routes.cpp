// /api/v1/reports: the progress report of a year as HTML, Markdown, JSON,
// DOCX, PDF or XLSX, made from the live figures, and its editable text blocks.

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/services.h"
#include "report/render.h"
#include "report/report_builder.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

Answer get_report(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    const auto format_text = call.query_value("format");
    const auto format = report::parse_report_format(format_text.empty() ? "html" : format_text);
    if (!format)
        return problem(status::bad_request, "which format?", {{"format", "html, md, json, docx, pdf or xlsx"}});
    const auto edition_text = call.query_value("edition");
    if (!edition_text.empty() && edition_text != "intern" && edition_text != "openbaar")
        return problem(status::bad_request, "which edition?", {{"edition", "intern (default) or openbaar"}});
    report::ReportOptions options{*year,
                                  edition_text == "openbaar" ? report::Edition::Public : report::Edition::Internal,
                                  &call.services.workflows};
    auto model = TRY(report::build_report(*call.db.store, call.services.catalogue.catalogue, options));
    auto text = TRY(report::render_report(model, *format, call.services.catalogue.directory / "report"));
    auto response = text_response(status::ok, report::report_content_type(*format), std::move(text));
    if (call.query_value("download") == "1")
        response.set(boost::beast::http::field::content_disposition,
                     fmt::format("attachment; filename=\"voortgangsrapportage-{}{}{}\"", *year,
                                 edition_text == "openbaar" ? "-openbaar" : "",
                                 report::report_file_extension(*format)));
    return response;
}

Answer list_texts(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto blocks = TRY(report::report_text_blocks(*call.db.store, call.services.catalogue.catalogue, *year));
    auto stored = TRY(call.db.store->report_texts(*year));
    const auto& cat = call.services.catalogue.catalogue;
    auto unwritten = TRY(report::unwritten_text_blocks(*call.db.store, cat, *year));
    json::array items;
    for (const auto& block : blocks) {
        const auto hint = cat.report.text_block_hints.find(block);
        json::object item{{"block", block},
                          {"text", nullptr},
                          {"updated_at", nullptr},
                          {"hint", hint == cat.report.text_block_hints.end() ? json::value(nullptr)
                                                                             : json::value(hint->second)},
                          {"unwritten", std::find(unwritten.begin(), unwritten.end(), block) != unwritten.end()}};
        for (const auto& t : stored)
            if (t.block == block) {
                item["text"] = t.text;
                item["updated_at"] = t.updated_at;
            }
        items.push_back(std::move(item));
    }
    return json_response(status::ok, json::object{{"year", *year}, {"items", std::move(items)}});
}

// Last year's texts as a start: every block of `from` that was written and
// that this year's report has too, unless this year already has its own.
Answer copy_texts(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto body = TRY(json_object_body(call));
    const auto* from_value = body.if_contains("from");
    if (!from_value || !from_value->is_int64() || from_value->get_int64() < 1900 || from_value->get_int64() >= *year)
        return problem(status::bad_request, "which year's texts?",
                       {{"from", "an earlier year, e.g. the previous one"}});
    const int from = static_cast<int>(from_value->get_int64());
    const auto copy = TRY(call.services.writer.run(call.actor->municipality, [&](WriteBatch& batch) {
        return report::copy_text_blocks(batch.store, call.services.catalogue.catalogue, from, *year);
    }));
    return json_response(status::ok, json::object{{"year", *year},
                                                  {"from", from},
                                                  {"copied", json::value_from(copy.copied)},
                                                  {"kept", json::value_from(copy.kept)}});
}

Answer put_text(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no report for this year");
    auto blocks = TRY(report::report_text_blocks(*call.db.store, call.services.catalogue.catalogue, *year));
    const std::string block = call.path.at("block");
    if (std::find(blocks.begin(), blocks.end(), block) == blocks.end())
        return problem(status::not_found, "the report of this year has no such text block");
    auto body = TRY(json_object_body(call));
    const auto* text = body.if_contains("text");
    if (!text || !text->is_string())
        return problem(status::bad_request, "the text block needs its text", {{"text", "required text"}});
    if (text->get_string().size() > 20000)
        return problem(status::bad_request, "the text is too long", {{"text", "at most 20000 characters"}});
    const std::string value(text->get_string());
    TRY(call.services.writer.run(call.actor->municipality,
                                 [&](WriteBatch& batch) { return batch.store.set_report_text(*year, block, value); }));
    return json_response(status::ok, json::object{{"year", *year}, {"block", block}, {"text", value}});
}

}  // namespace

void add_report_routes(Router& router) {
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc& forbidden = kRoleMayNot;
    router.add({verb::get,
                "/api/v1/reports/{year}",
                Access::SignedIn,
                "reports.read",
                get_report,
                {"getReport",
                 "The progress report of a year, from the live figures",
                 "reports",
                 {{"format", "html (default), md, json, docx, pdf or xlsx"},
                  {"edition", "intern (default) or openbaar (small numbers suppressed)"},
                  {"download", "1: as an attachment with a file name"}},
                 "",
                 {},
                 {{200, "The report (text/html, text/markdown, application/json, DOCX, application/pdf or XLSX)",
                   "Report", "text/html"},
                  {400, "Bad format or edition", "Problem"},
                  unauthorised,
                  forbidden,
                  {404, "Not a year", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/reports/{year}/texts",
                Access::SignedIn,
                "reports.read",
                list_texts,
                {"listReportTexts",
                 "The editable text blocks of a year's report",
                 "reports",
                 {},
                 "",
                 {},
                 {{200, "The blocks with their texts", "ReportTexts"},
                  unauthorised,
                  forbidden,
                  {404, "Not a year", "Problem"}}}});
    router.add({verb::post,
                "/api/v1/reports/{year}/texts/copy",
                Access::SignedIn,
                "reports.edit",
                copy_texts,
                {"copyReportTexts",
                 "Take over an earlier year's written text blocks as a start",
                 "reports",
                 {},
                 "ReportTextCopyInput",
                 {"application/json"},
                 {{200, "The blocks copied, and those kept because the year has its own", "ReportTextCopy"},
                  {400, "No earlier year", "Problem"},
                  unauthorised,
                  forbidden,
                  {404, "Not a year", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::put,
                "/api/v1/reports/{year}/texts/{block}",
                Access::SignedIn,
                "reports.edit",
                put_text,
                {"putReportText",
                 "Set the text of a block of a year's report",
                 "reports",
                 {},
                 "ReportTextInput",
                 {"application/json"},
                 {{200, "Stored", "ReportText"},
                  {400, "No text", "Problem"},
                  unauthorised,
                  forbidden,
                  {404, "No such block", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
}

}  // namespace grip::api
