// PDF: WeasyPrint prints the HTML edition with its print CSS (@page: A4, the
// running header, page numbers). It embeds the fonts it uses and writes a
// tagged PDF/UA-1 file, so a screen reader follows the letter's structure;
// no browser or office suite is needed on the server.

#include "report/external_tool.h"
#include "report/render.h"
#include "report/render_documents.h"

namespace grip::report {

namespace fs = std::filesystem;

Result<std::string> render_pdf(const boost::json::object& model, const fs::path& template_dir) {
    const TempDir dir = TRY(TempDir::create());
    const std::string html = TRY(render_report(model, ReportFormat::Html, template_dir));
    const fs::path in = dir.path() / "rapportage.html";
    const fs::path out = dir.path() / "rapportage.pdf";
    TRY(write_file_bytes(in, html));
    TRY(run_tool({"weasyprint",
                  {"--quiet", "--pdf-variant", "pdf/ua-1", "--encoding", "utf-8", in.string(), out.string()},
                  "weasyprint",
                  dir.path()}));
    return read_file_bytes(out);
}

}  // namespace grip::report
