#pragma once
// The document formats of render_report, each in its own file: DOCX
// (render_docx.cpp), PDF (render_pdf.cpp) and XLSX (render_xlsx.cpp). Only
// render.cpp calls them; everyone else calls render_report.

#include <filesystem>
#include <string>

#include <boost/json/object.hpp>

#include "common/result.h"

namespace grip::report {

// pandoc turns the Markdown edition into DOCX, with the charts as PNG
// (rsvg-convert) and the styles of template_dir/reference.docx.
Result<std::string> render_docx(const boost::json::object& model, const std::filesystem::path& template_dir);
// WeasyPrint prints the HTML edition on A4 as tagged PDF (PDF/UA-1).
Result<std::string> render_pdf(const boost::json::object& model, const std::filesystem::path& template_dir);
// libxlsxwriter writes the annex tables: a sheet per theme and "Definities".
Result<std::string> render_xlsx(const boost::json::object& model);

}  // namespace grip::report
