// DOCX: pandoc from the Markdown edition. pandoc writes Word's own structure
// (heading styles, numbered and bulleted lists, tables, figures) without an
// office suite on the server, and takes the municipality's styles, page
// size and footer from a reference document in the catalogue.

#include <boost/json.hpp>
#include <fmt/format.h>

#include "report/charts.h"
#include "report/external_tool.h"
#include "report/render.h"
#include "report/render_documents.h"

namespace grip::report {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// Turns each chart of a list into a PNG in `dir` (Word shows SVG only in
// its newest versions) and names the image in the chart, for the Markdown
// template's {{#image}}.
Status chart_images(json::object& charts, std::string_view list, int year, const fs::path& dir, int& number) {
    auto* items = charts.if_contains(list);
    if (items == nullptr || !items->is_array()) return ok_status();
    for (auto& item : items->get_array()) {
        auto& chart = item.get_object();
        const std::string svg = list == "trends" ? trend_svg(chart) : area_bars_svg(chart, year);
        const std::string name = fmt::format("grafiek{}", ++number);
        TRY(write_file_bytes(dir / (name + ".svg"), svg));
        // Twice the size for a sharp print; the template sets the width on the page.
        TRY(run_tool({"rsvg-convert",
                      {"--zoom", "2", "--background-color", "white", "--output", (dir / (name + ".png")).string(),
                       (dir / (name + ".svg")).string()},
                      "librsvg2-bin",
                      dir}));
        chart["image"] = name + ".png";
    }
    return ok_status();
}

}  // namespace

Result<std::string> render_docx(const json::object& model, const fs::path& template_dir) {
    const TempDir dir = TRY(TempDir::create());
    json::object with_images = model;
    const auto* year = model.if_contains("year");
    const int y = year && year->is_int64() ? static_cast<int>(year->get_int64()) : 0;
    if (auto* charts = with_images.if_contains("charts"); charts && charts->is_object()) {
        int number = 0;
        TRY(chart_images(charts->get_object(), "trends", y, dir.path(), number));
        TRY(chart_images(charts->get_object(), "areas", y, dir.path(), number));
    }
    const std::string markdown = TRY(render_report(with_images, ReportFormat::Markdown, template_dir));
    TRY(write_file_bytes(dir.path() / "rapportage.md", markdown));

    const fs::path out = dir.path() / "rapportage.docx";
    // Without "smart", pandoc would turn quotes and apostrophes into curly ones:
    // the letter keeps the characters of its Markdown edition.
    std::vector<std::string> args{
        "--from",          "markdown-smart",    "--to",     "docx",      "--metadata", "lang=nl-NL",
        "--resource-path", dir.path().string(), "--output", out.string()};
    std::error_code ec;
    const fs::path reference = template_dir / "reference.docx";
    if (fs::is_regular_file(reference, ec)) args.push_back("--reference-doc=" + reference.string());
    args.push_back((dir.path() / "rapportage.md").string());
    TRY(run_tool({"pandoc", std::move(args), "pandoc", dir.path()}));
    return read_file_bytes(out);
}

}  // namespace grip::report
