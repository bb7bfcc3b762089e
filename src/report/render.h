#pragma once
// The progress report as a document: Markdown, HTML (one self-contained,
// print-ready file) or JSON. Markdown and HTML come from the mustache
// templates in the catalogue's report folder; the report model says what the
// letter says, the templates say how it looks.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/result.h"

namespace grip::report {

enum class ReportFormat { Markdown, Html, Json };

// "md" or "markdown", "html", "json" (ASCII case ignored); nullopt otherwise.
std::optional<ReportFormat> parse_report_format(std::string_view name);

// The usual file extension with its dot: ".md", ".html", ".json".
std::string_view report_file_extension(ReportFormat format);

// Renders the report model (see tests/data/report/model-example.json) in a
// format. template_dir is the catalogue's report folder: it holds
// report.md.mustache and report.html.mustache, and every file in it whose
// name starts with "_" is a partial named without the underscore
// ("_report.css" is {{> report.css}}). Json ignores the templates and writes
// the model itself, pretty-printed. A model of the wrong shape is Invalid; a
// missing template is NotFound.
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
//   per indicator: value_text, previous_text ("geen gegevens" when there is
//   none: the previous period was not delivered; "13%"
//   when its unit is "procent" or "%"; other units such as "personen" are
//   left out because the label names what is counted), value_is_distribution.
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
