#pragma once
// The progress report as a document: Markdown, HTML (one self-contained,
// print-ready file), JSON, and the documents staff pass on: DOCX (pandoc from
// the Markdown), PDF (WeasyPrint from the HTML) and XLSX (the annex tables,
// libxlsxwriter). Markdown and HTML come from the mustache templates in the
// catalogue's report folder; the report model says what the letter says, the
// templates say how it looks.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/result.h"

namespace grip::report {

enum class ReportFormat { Markdown, Html, Json, Docx, Pdf, Xlsx };

// Every format, in the order above: what a frozen edition stores.
const std::vector<ReportFormat>& all_report_formats();

// "md" or "markdown", "html", "json", "docx", "pdf", "xlsx" (ASCII case
// ignored); nullopt otherwise.
std::optional<ReportFormat> parse_report_format(std::string_view name);

// The format's short name as parse_report_format takes it: "md", "html", ...
std::string_view report_format_name(ReportFormat format);

// The usual file extension with its dot: ".md", ".html", ".json", ".docx", ...
std::string_view report_file_extension(ReportFormat format);

// The media type of a rendered report ("application/pdf", ...).
std::string_view report_content_type(ReportFormat format);

// Renders the report model (see tests/data/report/model-example.json) in a
// format. template_dir is the catalogue's report folder: it holds
// report.md.mustache and report.html.mustache, and every file in it whose
// name starts with "_" is a partial named without the underscore
// ("_report.css" is {{> report.css}}). Json ignores the templates and writes
// the model itself, pretty-printed. Docx, Pdf and Xlsx are binary files in
// the string; Docx also uses reference.docx of the folder (the
// municipality's styles) when it is there. A model of the wrong shape is
// Invalid; a missing template is NotFound; a missing document tool
// (pandoc, weasyprint, rsvg-convert) is Unsupported and names its package.
Result<std::string> render_report(const boost::json::object& model, ReportFormat format,
                                  const std::filesystem::path& template_dir);

// The data the templates see: a copy of the model, checked and completed
// (every section, group and motion has all its fields, so that a missing one
// never falls through to an outer one of the same name in mustache), plus
// display fields computed here so that the templates need no logic:
//   previous_year, generated_date ("29 november 2026"), has_generated_date,
//   is_intern, is_openbaar, has_closing, has_indicators;
//   per section: has_paragraphs, has_items, has_groups, has_motions;
//   per group: has_items; per motion: has_paragraphs;
//   charts (see charts.h): per trend and area chart `text`, and `svg` for
//   Html; has_charts, has_trends, has_area_charts;
//   per indicator: value_text, previous_text ("geen gegevens" when there is
//   none: the previous period was not delivered; "13%"
//   when its unit is "procent" or "%"; other units such as "personen" are
//   left out because the label names what is counted), value_is_distribution,
//   target_text (the year's target and the progress towards it, or empty) and
//   has_target; has_targets when some indicator has one (the annex's column
//   "streefwaarde").
// For Markdown every string is passed through markdown_escape.
Result<boost::json::object> build_report_view(const boost::json::object& model, ReportFormat format);

// Plain text made safe for Markdown: characters that would start emphasis,
// links, code, HTML, tables or a block (a heading, a list item, a quote) are
// backslash-escaped, and runs of white space, line breaks included, become
// one space, because every text of the model is one paragraph or cell.
std::string markdown_escape(std::string_view text);

// JSON with two-space indentation and a final newline; parses back to the
// same value.
std::string pretty_json(const boost::json::value& value);

}  // namespace grip::report
