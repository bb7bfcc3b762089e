// The report as the documents staff pass on: DOCX, PDF and XLSX of the 2023
// sample, read back with other tools (LibreOffice, poppler, the files' own
// XML) and compared with the Markdown edition, and the charts in the model
// and the HTML. Runs when ../shared is beside the checkout.

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <boost/json.hpp>

#include "disclosure/public_figures.h"
#include "indicators/engine.h"
#include "report/chart_data.h"
#include "report/charts.h"
#include "report/external_tool.h"
#include "report/render.h"
#include "report/report_builder.h"
#include "test_support.h"

namespace grip::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using report::ReportFormat;

const fs::path kTemplateDir = fs::path(GRIP_CATALOGUE_SOURCE_DIR) / "report";

// Runs a tool of the test (unzip, pdftotext, LibreOffice) in `dir`.
std::string tool(const fs::path& dir, const std::string& program, std::vector<std::string> args) {
    auto out = report::run_tool({program, std::move(args), program, dir});
    EXPECT_TRUE(out) << program << ": " << (out ? "" : out.error().message);
    return out ? *out : std::string();
}

// White space as one space; none after a hyphen, where a printed line may
// break ("EU-" at the end of one line, "migranten" on the next).
std::string squeeze(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (!out.empty() && out.back() != ' ' && out.back() != '-') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string unescape_markdown(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            out += text[++i];
        } else if (text[i] != '\\') {
            out += text[i];
        }
    }
    return out;
}

// The text of the Markdown edition, as a reader sees it: its headings and
// paragraphs (`sentences`) and the cells of its tables (`cells`).
struct MarkdownText {
    std::vector<std::string> sentences;
    std::vector<std::string> cells;
};

MarkdownText read_markdown(const std::string& md) {
    MarkdownText out;
    std::istringstream in(md);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.starts_with("![") || line.starts_with(">")) continue;
        if (line.starts_with("|")) {
            if (line.starts_with("|--") || line.starts_with("|---")) continue;
            std::string cell;
            for (size_t i = 1; i < line.size(); ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    cell += line[i];
                    cell += line[++i];
                } else if (line[i] == '|') {
                    auto text = squeeze(unescape_markdown(cell));
                    // Emphasis (a coverage note) is a mark-up, not text.
                    text.erase(std::remove(text.begin(), text.end(), '*'), text.end());
                    if (!text.empty()) out.cells.push_back(squeeze(text));
                    cell.clear();
                } else {
                    cell += line[i];
                }
            }
            continue;
        }
        // The sender's line is laid out per format (two lines in HTML).
        if (line.starts_with("**")) continue;
        size_t start = line.find_first_not_of("#- ");
        if (start == std::string::npos) continue;
        std::string text = line.substr(start);
        for (size_t p; (p = text.find("**")) != std::string::npos;) text.erase(p, 2);
        if (text.size() > 2 && text.front() == '*' && text.back() == '*') text = text.substr(1, text.size() - 2);
        text = squeeze(unescape_markdown(text));
        if (!text.empty()) out.sentences.push_back(text);
    }
    return out;
}

std::string without_spaces_and_hyphens(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '-') out += c;
    return out;
}

// The PDF's text without what the print CSS adds to each page (the running
// title, "Pagina 2 van 9"), which pdftotext puts between the lines of a
// paragraph that runs over a page; the title stays once.
std::string without_page_furniture(const std::string& text, const std::string& title) {
    std::istringstream in(text);
    std::string out;
    bool title_seen = false;
    const std::regex page_number("^\\f?Pagina [0-9]+ van [0-9]+$");
    for (std::string line; std::getline(in, line);) {
        std::string bare = line;
        bare.erase(std::remove(bare.begin(), bare.end(), '\f'), bare.end());
        if (std::regex_match(bare, page_number)) continue;
        if (bare == title) {
            if (title_seen) continue;
            title_seen = true;
        }
        out += bare + "\n";
    }
    return squeeze(out);
}

class ReportDocuments : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const fs::path data = shared_dir() / "data";
        if (!fs::exists(data / "sample-2023.ndjson")) return;
        store_ = new TestStore();
        ASSERT_TRUE(store_->import(data / "sample-2023.ndjson").committed);
        ASSERT_TRUE(store_->import(data / "sample-2023-correcties.ndjson").committed);
        for (auto edition : {report::Edition::Internal, report::Edition::Public}) {
            report::ReportOptions options{2023, edition, nullptr};
            auto model = report::build_report(store_->store(), store_->catalogue(), options);
            ASSERT_TRUE(model) << model.error().message;
            (edition == report::Edition::Internal ? intern_ : openbaar_) = new json::object(std::move(*model));
        }
    }
    static void TearDownTestSuite() {
        delete intern_;
        delete openbaar_;
        delete store_;
        intern_ = openbaar_ = nullptr;
        store_ = nullptr;
    }
    void SetUp() override {
        if (store_ == nullptr) GTEST_SKIP() << "../shared/data is not beside the checkout";
    }

    static std::string render(const json::object& model, ReportFormat format) {
        auto out = report::render_report(model, format, kTemplateDir);
        EXPECT_TRUE(out) << report::report_format_name(format) << ": " << (out ? "" : out.error().message);
        return out ? *out : std::string();
    }

    static fs::path save(const TempDir& dir, const std::string& name, const std::string& bytes) {
        const fs::path file = dir / name;
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }

    static inline TestStore* store_ = nullptr;
    static inline json::object* intern_ = nullptr;
    static inline json::object* openbaar_ = nullptr;
};

TEST(ReportFormats, EveryFormatHasANameAnExtensionAndAContentType) {
    const auto& formats = report::all_report_formats();
    EXPECT_EQ(formats.size(), 6u);
    for (auto format : formats) {
        EXPECT_EQ(report::parse_report_format(report::report_format_name(format)), format);
        EXPECT_FALSE(report::report_file_extension(format).empty());
        EXPECT_FALSE(report::report_content_type(format).empty());
    }
    EXPECT_EQ(report::report_content_type(ReportFormat::Pdf), "application/pdf");
    EXPECT_EQ(report::report_file_extension(ReportFormat::Docx), ".docx");
    EXPECT_EQ(report::parse_report_format("XLSX"), ReportFormat::Xlsx);
}

TEST(ReportTools, AMissingToolNamesItsDebianPackage) {
    TempDir dir;
    auto out = report::run_tool({"grip-no-such-tool", {}, "grip-tools", dir.path()});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::Unsupported);
    EXPECT_NE(out.error().message.find("apt-get install grip-tools"), std::string::npos) << out.error().message;
    // A failing tool's complaint is in the error; no shell reads the arguments.
    auto failed = report::run_tool({"ls", {"--no-such-option; echo hacked"}, "coreutils", dir.path()});
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("no-such-option"), std::string::npos) << failed.error().message;
    EXPECT_EQ(failed.error().message.find("hacked\n"), std::string::npos);
}

TEST_F(ReportDocuments, ChartsFollowTheProgrammesYearsAndTheAreas) {
    // The sample has figures for 2022 (the first year) and 2023, none before.
    const auto& charts = intern_->at("charts").as_object();
    EXPECT_EQ(json::serialize(charts.at("years")), "[2022,2023]");
    const json::object* meldingen = nullptr;
    for (const auto& t : charts.at("trends").as_array())
        if (t.at("code").as_string() == "handhaving.meldingen_overbewoning") meldingen = &t.as_object();
    ASSERT_NE(meldingen, nullptr);
    EXPECT_EQ(meldingen->at("points").as_array().back().at("value").to_number<int64_t>(), 312);
    // Bars per wijk for the counts; their sum is the city's figure.
    ASSERT_FALSE(charts.at("areas").as_array().empty());
    const json::object* bars = nullptr;
    for (const auto& a : charts.at("areas").as_array())
        if (a.at("code").as_string() == "handhaving.meldingen_overbewoning") bars = &a.as_object();
    ASSERT_NE(bars, nullptr);
    // The area figures: the gemeente, its wijken and buurten.
    std::set<std::string> levels;
    for (const auto& a : intern_->at("area_figures").as_array()) levels.emplace(a.at("level").as_string());
    EXPECT_EQ(levels, (std::set<std::string>{"gemeente", "wijk", "buurt"}));

    // The public edition: trends of the whole municipality, no bars per
    // wijk; its figures per area through the disclosure rule: a count of
    // people below the threshold is never printed below the municipality.
    const auto& open = openbaar_->at("charts").as_object();
    EXPECT_FALSE(open.at("trends").as_array().empty());
    EXPECT_TRUE(open.at("areas").as_array().empty());
    // Exactly what the disclosure rule publishes, as for the public role and the open data.
    indicators::Engine engine(store_->store(), store_->catalogue());
    auto published = disclosure::PublicFigures::of_year(engine, store_->catalogue(), 2023);
    ASSERT_TRUE(published) << published.error().message;
    auto tree = engine.area_tree();
    ASSERT_TRUE(tree);
    levels.clear();
    int withheld = 0, printed = 0;
    for (const auto& a : openbaar_->at("area_figures").as_array()) {
        levels.emplace(a.at("level").as_string());
        if (a.at("level").as_string() == "gemeente") continue;
        const auto key = tree->id_of(a.at("area").as_string());
        ASSERT_TRUE(key) << a.at("area").as_string();
        for (const auto& f : a.at("figures").as_array()) {
            const auto& v = f.at("value");
            if (v.is_array() || v.is_null()) continue;
            const bool open = published->of(Period::year_of(2023), *key, f.at("code").as_string()) ==
                              disclosure::Publication::Published;
            if (v.is_string()) {
                EXPECT_EQ(v.as_string(), "onderdrukt");
                EXPECT_FALSE(open) << f.at("code").as_string() << " in " << a.at("area").as_string();
                ++withheld;
            } else {
                EXPECT_TRUE(open) << f.at("code").as_string() << " in " << a.at("area").as_string();
                ++printed;
            }
        }
    }
    EXPECT_EQ(levels, (std::set<std::string>{"gemeente", "wijk", "buurt"}));
    EXPECT_GT(withheld, 0);
    EXPECT_GT(printed, 0);
}

TEST_F(ReportDocuments, TheHtmlShowsEachChartWithItsNumbersInWords) {
    const std::string html = render(*intern_, ReportFormat::Html);
    const auto& trends = intern_->at("charts").at("trends").as_array();
    size_t svgs = 0;
    for (size_t p = html.find("<svg "); p != std::string::npos; p = html.find("<svg ", p + 1)) ++svgs;
    EXPECT_EQ(svgs, trends.size() + intern_->at("charts").at("areas").as_array().size());
    // A chart: an image with its numbers as its label, its description and its caption.
    const std::string sentence = report::trend_text(trends[0].as_object());
    EXPECT_NE(sentence.find("2022: "), std::string::npos) << sentence;
    EXPECT_NE(html.find("role=\"img\" aria-label=\""), std::string::npos);
    EXPECT_NE(html.find("<figcaption>" + sentence + "</figcaption>"), std::string::npos) << sentence;
    EXPECT_NE(html.find("<desc>" + sentence + "</desc>"), std::string::npos);
    EXPECT_NE(html.find("<title>"), std::string::npos);
    // Markdown has the sentences, no SVG.
    const std::string md = render(*intern_, ReportFormat::Markdown);
    EXPECT_EQ(md.find("<svg"), std::string::npos);
    EXPECT_NE(md.find("## Bijlage: grafieken"), std::string::npos);
    // The public edition's HTML has no bars per wijk.
    const std::string open = render(*openbaar_, ReportFormat::Html);
    EXPECT_EQ(open.find("Per wijk in 2023"), std::string::npos);
    EXPECT_NE(open.find("Verloop per jaar"), std::string::npos);
}

TEST_F(ReportDocuments, DocxReadsBackWithTheMarkdownEditionsTextAndWordsStructure) {
    TempDir dir;
    const std::string docx = render(*intern_, ReportFormat::Docx);
    ASSERT_TRUE(docx.starts_with("PK\x03\x04"));
    const fs::path file = save(dir, "rapportage.docx", docx);

    // Word's structure: heading styles, numbered lists, tables, images, page numbers.
    const std::string xml = tool(dir.path(), "unzip", {"-p", file.string(), "word/document.xml"});
    for (const char* style : {"Heading1", "Heading2", "Heading3"})
        EXPECT_NE(xml.find(std::string("<w:pStyle w:val=\"") + style + "\""), std::string::npos) << style;
    EXPECT_NE(xml.find("<w:numPr>"), std::string::npos) << "lists";
    EXPECT_NE(xml.find("<w:tbl>"), std::string::npos) << "tables";
    EXPECT_NE(xml.find("<pic:pic"), std::string::npos) << "images";
    EXPECT_NE(xml.find("<w:footerReference"), std::string::npos) << "a footer";
    const std::string listing = tool(dir.path(), "unzip", {"-l", file.string()});
    EXPECT_NE(listing.find("word/media/"), std::string::npos);
    EXPECT_NE(listing.find(".png"), std::string::npos);
    const std::string footers = tool(dir.path(), "unzip", {"-p", file.string(), "word/footer*.xml"});
    EXPECT_NE(footers.find(" PAGE "), std::string::npos) << "page numbers";
    // The municipality's styles from the catalogue's reference document.
    const std::string styles = tool(dir.path(), "unzip", {"-p", file.string(), "word/styles.xml"});
    EXPECT_NE(styles.find("w:ascii=\"Arial\""), std::string::npos);

    // LibreOffice reads it; its text holds every sentence and figure of the Markdown edition.
    tool(dir.path(), "libreoffice",
         {"-env:UserInstallation=file://" + (dir / "lo").string(), "--headless", "--convert-to", "txt:Text", "--outdir",
          dir.path().string(), file.string()});
    auto txt = report::read_file_bytes(dir / "rapportage.txt");
    ASSERT_TRUE(txt) << txt.error().message;
    const std::string text = squeeze(*txt);
    const auto md = read_markdown(render(*intern_, ReportFormat::Markdown));
    ASSERT_GT(md.sentences.size(), 40u);
    ASSERT_GT(md.cells.size(), 100u);
    for (const auto& s : md.sentences) EXPECT_NE(text.find(s), std::string::npos) << s;
    for (const auto& c : md.cells) EXPECT_NE(text.find(c), std::string::npos) << c;
    EXPECT_NE(text.find("Er kwamen 312 meldingen van mogelijke overbewoning"), std::string::npos);
    EXPECT_NE(text.find("Gemeente Rotterdam, aan de gemeenteraad"), std::string::npos);
}

TEST_F(ReportDocuments, PdfHasTheMarkdownEditionsTextEmbeddedFontsAndTags) {
    TempDir dir;
    for (const auto* model : {intern_, openbaar_}) {
        const std::string pdf = render(*model, ReportFormat::Pdf);
        ASSERT_TRUE(pdf.starts_with("%PDF-"));
        const fs::path file = save(dir, "rapportage.pdf", pdf);
        const std::string text =
            without_page_furniture(tool(dir.path(), "pdftotext", {"-enc", "UTF-8", file.string(), "-"}),
                                   std::string(model->at("title").as_string()));
        const auto md = read_markdown(render(*model, ReportFormat::Markdown));
        ASSERT_GT(md.sentences.size(), 40u);
        // pdftotext joins a word broken at a hyphen at the end of a printed
        // line ("EU-" + "migranten" becomes "EUmigranten"): compared without
        // spaces and hyphens.
        const std::string letters = without_spaces_and_hyphens(text);
        for (const auto& s : md.sentences)
            EXPECT_NE(letters.find(without_spaces_and_hyphens(s)), std::string::npos) << s;
        // The annex's figures and labels (long definitions wrap around the columns).
        for (const auto& c : md.cells) {
            if (c.size() < 40) {
                EXPECT_NE(letters.find(without_spaces_and_hyphens(c)), std::string::npos) << c;
            }
        }
        // The page numbers and the running header of the print CSS.
        const std::string raw = tool(dir.path(), "pdftotext", {"-enc", "UTF-8", file.string(), "-"});
        EXPECT_NE(raw.find("Pagina 2 van"), std::string::npos);
        const std::string title(model->at("title").as_string());
        EXPECT_NE(raw.find(title, raw.find(title) + 1), std::string::npos) << "the title runs on each page";
        // Every font embedded.
        const std::string fonts = tool(dir.path(), "pdffonts", {file.string()});
        std::istringstream lines(fonts);
        int rows = 0;
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("name") || line.starts_with("----") || line.empty()) continue;
            ++rows;
            EXPECT_NE(line.find(" yes "), std::string::npos) << "not embedded: " << line;
        }
        EXPECT_GT(rows, 0);
        const std::string info = tool(dir.path(), "pdfinfo", {file.string()});
        EXPECT_NE(info.find("Tagged:          yes"), std::string::npos) << info;
        EXPECT_NE(info.find("Page size:       595"), std::string::npos) << "A4: " << info;
    }
}

TEST_F(ReportDocuments, XlsxHasTheAnnexFiguresAsNumbersPerThemeAndArea) {
    TempDir dir;
    const std::string xlsx = render(*intern_, ReportFormat::Xlsx);
    ASSERT_TRUE(xlsx.starts_with("PK\x03\x04"));
    const fs::path file = save(dir, "rapportage.xlsx", xlsx);
    const std::string workbook = tool(dir.path(), "unzip", {"-p", file.string(), "xl/workbook.xml"});
    EXPECT_NE(workbook.find("name=\"Definities\""), std::string::npos);
    // A theme's label cut to Excel's 31 characters, at a word.
    EXPECT_NE(workbook.find("name=\"Ketensamenwerking en toezicht\""), std::string::npos) << workbook;
    const std::string sheets = tool(dir.path(), "unzip", {"-p", file.string(), "xl/worksheets/sheet*.xml"});
    const std::string strings = tool(dir.path(), "unzip", {"-p", file.string(), "xl/sharedStrings.xml"});

    // Each whole number of the Markdown edition's annex is a number cell.
    const auto md = read_markdown(render(*intern_, ReportFormat::Markdown));
    const std::regex whole("^[0-9]{1,3}(\\.[0-9]{3})*$");
    int numbers = 0;
    for (const auto& c : md.cells) {
        if (!std::regex_match(c, whole)) continue;
        std::string digits = c;
        digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
        EXPECT_NE(sheets.find("<v>" + digits + "</v>"), std::string::npos) << c;
        ++numbers;
    }
    EXPECT_GT(numbers, 10);
    // 312 reports of overcrowding: a number cell in the year's column, not a text.
    EXPECT_TRUE(std::regex_search(sheets, std::regex("<c r=\"G[0-9]+\"( s=\"[0-9]+\")?><v>312</v></c>")));
    // Per area: the wijken and buurten of the sample, and the definitions.
    EXPECT_NE(strings.find(">wijk<"), std::string::npos);
    EXPECT_NE(strings.find(">buurt<"), std::string::npos);
    EXPECT_NE(strings.find("Aantal meldingen van mogelijke overbewoning met een datum in de periode."),
              std::string::npos);

    // The public edition: per area too, with what the disclosure rule withholds as "onderdrukt".
    const fs::path open = save(dir, "openbaar.xlsx", render(*openbaar_, ReportFormat::Xlsx));
    const std::string open_strings = tool(dir.path(), "unzip", {"-p", open.string(), "xl/sharedStrings.xml"});
    EXPECT_NE(open_strings.find(">buurt<"), std::string::npos);
    EXPECT_NE(open_strings.find(">gemeente<"), std::string::npos);
    EXPECT_NE(open_strings.find(">onderdrukt<"), std::string::npos);
}

TEST_F(ReportDocuments, TheCommandLineWritesTheDocumentsToAFile) {
    TempDir dir;
    ASSERT_EQ(run_grip(dir.path(), "import -q " + (shared_dir() / "data" / "sample-2023.ndjson").string()).code, 0);
    for (const auto& [format, magic] :
         std::vector<std::pair<std::string, std::string>>{{"xlsx", "PK\x03\x04"}, {"pdf", "%PDF-"}}) {
        const fs::path file = dir / ("r." + format);
        const auto run =
            run_grip(dir.path(), "report --year 2023 --edition openbaar --format " + format + " -o " + file.string());
        ASSERT_EQ(run.code, 0) << run.err;
        auto bytes = report::read_file_bytes(file);
        ASSERT_TRUE(bytes);
        EXPECT_TRUE(bytes->starts_with(magic)) << format;
    }
    // A binary file is not written to the terminal.
    const auto refused = run_grip(dir.path(), "report --year 2023 --format docx");
    EXPECT_EQ(refused.code, 2);
    EXPECT_NE(refused.err.find("-o FILE"), std::string::npos) << refused.err;
}

TEST_F(ReportDocuments, ThePublicEditionsDocumentsHaveNoFiguresPerWijk) {
    // The other formats of the public edition are read back above.
    for (auto format : {ReportFormat::Markdown, ReportFormat::Json})
        EXPECT_GT(render(*openbaar_, format).size(), 1000u);
    TempDir dir;
    const std::string docx = render(*openbaar_, ReportFormat::Docx);
    ASSERT_TRUE(docx.starts_with("PK\x03\x04"));
    const fs::path file = save(dir, "openbaar.docx", docx);
    const std::string xml = tool(dir.path(), "unzip", {"-p", file.string(), "word/document.xml"});
    EXPECT_NE(xml.find("Verloop per jaar"), std::string::npos);
    EXPECT_EQ(xml.find("Per wijk in"), std::string::npos);
}

}  // namespace
}  // namespace grip::testing
