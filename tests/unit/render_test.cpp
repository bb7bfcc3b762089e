#include "report/render.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace grip::report {
namespace {

namespace json = boost::json;

const std::filesystem::path kTemplateDir = std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "report";

json::object example_model() {
    std::ifstream in(std::filesystem::path(GRIP_TEST_DATA_DIR) / "report" / "model-example.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

std::string render_ok(const json::object& model, ReportFormat format) {
    auto out = render_report(model, format, kTemplateDir);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : std::string{};
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

size_t count(const std::string& haystack, std::string_view needle) {
    size_t n = 0;
    for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

// The model's texts as they appear in HTML: with & < > " ' escaped.
std::string html_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

TEST(ReportFormat, Parse) {
    EXPECT_EQ(parse_report_format("md"), ReportFormat::Markdown);
    EXPECT_EQ(parse_report_format("markdown"), ReportFormat::Markdown);
    EXPECT_EQ(parse_report_format("HTML"), ReportFormat::Html);
    EXPECT_EQ(parse_report_format("json"), ReportFormat::Json);
    EXPECT_EQ(parse_report_format("pdf"), ReportFormat::Pdf);
    EXPECT_EQ(parse_report_format("odt"), std::nullopt);
    EXPECT_EQ(parse_report_format(""), std::nullopt);
    EXPECT_EQ(report_file_extension(ReportFormat::Html), ".html");
}

TEST(RenderHtml, ExampleIsACompleteLetter) {
    const auto model = example_model();
    const std::string html = render_ok(model, ReportFormat::Html);

    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
    EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(contains(html, "@page"));
    EXPECT_TRUE(contains(html, "@media print"));
    EXPECT_TRUE(contains(html, "</html>"));
    EXPECT_EQ(count(html, "<h1>"), 1u);
    // Self-contained: nothing is fetched from elsewhere.
    EXPECT_FALSE(contains(html, "<script"));
    EXPECT_FALSE(contains(html, "<link"));
    EXPECT_FALSE(contains(html, "src="));
    EXPECT_FALSE(contains(html, "url("));
    EXPECT_FALSE(contains(html, "{{"));  // no tag left unrendered

    for (const auto& s : model.at("sections").as_array()) {
        const auto& section = s.as_object();
        EXPECT_TRUE(contains(html, "<h2>" + html_text(section.at("heading").as_string()) + "</h2>"))
            << section.at("heading").as_string();
        for (const auto& g : section.at("groups").as_array()) {
            EXPECT_TRUE(contains(html, "<h3>" + html_text(g.at("heading").as_string()) + "</h3>"));
            for (const auto& item : g.at("items").as_array()) {
                EXPECT_TRUE(contains(html, "<li>" + html_text(item.as_string()) + "</li>"));
            }
        }
        for (const auto& m : section.at("motions").as_array()) {
            EXPECT_TRUE(contains(html, "<li class=\"motie\" value=\"" + std::to_string(m.at("number").as_int64())));
            EXPECT_TRUE(contains(html, html_text(m.at("title").as_string())));
        }
    }
    EXPECT_TRUE(contains(html, "<ol class=\"moties\">"));
    EXPECT_TRUE(contains(html, "Gemeente Rotterdam"));
    EXPECT_TRUE(contains(html, "<p>Burgemeester en wethouders van Rotterdam,</p>"));
    EXPECT_TRUE(contains(html, "29 november 2026"));
    EXPECT_TRUE(contains(html, "Interne versie"));  // the example is the internal edition
}

TEST(RenderHtml, AnnexListsEveryIndicator) {
    const auto model = example_model();
    const std::string html = render_ok(model, ReportFormat::Html);

    EXPECT_TRUE(contains(html, "<h2>Bijlage: indicatoren</h2>"));
    EXPECT_TRUE(contains(html, "<table>"));
    EXPECT_TRUE(
        contains(html, "<th scope=\"col\" class=\"getal\">2023</th><th scope=\"col\" class=\"getal\">2022</th>"));
    EXPECT_EQ(count(html, "<tr><th scope=\"row\">"), model.at("indicators").as_array().size());
    EXPECT_TRUE(contains(html,
                         "<th scope=\"row\">Unieke bezoekers infopunten</th><td class=\"getal\">634</td>"
                         "<td class=\"getal\">598</td>"));
    EXPECT_TRUE(contains(html,
                         "<td class=\"verdeling\">financieel 251, juridisch 203, wonen 118, werk 96, zorg 41</td>"
                         "<td class=\"getal\">geen gegevens</td>"));  // no previous: not delivered
    EXPECT_TRUE(contains(html, "<td class=\"getal\">13%</td><td class=\"getal\">12%</td>"));
}

TEST(RenderHtml, EscapesModelText) {
    auto model = example_model();
    auto& section = model.at("sections").as_array().at(0).as_object();
    section["paragraphs"].as_array().emplace_back("<script>alert('x')</script> & meer");
    section["heading"] = "Kop met <b>opmaak</b>";
    const std::string html = render_ok(model, ReportFormat::Html);

    EXPECT_FALSE(contains(html, "<script>"));
    EXPECT_TRUE(contains(html, "<p>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; meer</p>"));
    EXPECT_TRUE(contains(html, "<h2>Kop met &lt;b&gt;opmaak&lt;/b&gt;</h2>"));
}

TEST(RenderHtml, EmptyListsLeaveNoEmptyElements) {
    const std::string html = render_ok(example_model(), ReportFormat::Html);
    EXPECT_FALSE(contains(html, "<ul>\n</ul>"));
    EXPECT_FALSE(contains(html, "<ol class=\"moties\">\n</ol>"));
}

TEST(RenderHtml, PublicEditionHasNoInternalNotice) {
    auto model = example_model();
    model["edition"] = "openbaar";
    const std::string html = render_ok(model, ReportFormat::Html);
    EXPECT_FALSE(contains(html, "Interne versie"));
    EXPECT_TRUE(contains(html, "<dt>Editie</dt><dd>openbaar</dd>"));
}

TEST(RenderMarkdown, ExampleHasHeadingsAndMotions) {
    const auto model = example_model();
    const std::string md = render_ok(model, ReportFormat::Markdown);

    EXPECT_TRUE(md.starts_with("**Gemeente Rotterdam**"));
    EXPECT_TRUE(contains(md, "\n# Voortgangsrapportage actieprogramma 'Meer grip op arbeidsmigratie' 2023\n"));
    EXPECT_TRUE(contains(md, "\n## Behaalde resultaten\n"));
    EXPECT_TRUE(contains(md, "\n## Toezegging en moties\n"));
    EXPECT_TRUE(contains(md, "\n### Daklozenaanpak\n"));
    EXPECT_TRUE(contains(md, "\n### 1. Taal als sleutel voor EU-arbeidsmigranten (23bb004411)\n"));
    EXPECT_TRUE(contains(md, "\n### 2. Zicht op huisvesting van EU-arbeidsmigranten (23bb004412)\n"));
    EXPECT_TRUE(
        contains(md, "\n- Er zijn tien bedden beschikbaar voor kortdurend verblijf voor dakloze EU-migranten.\n"));
    EXPECT_TRUE(contains(md, "\n## Bijlage: indicatoren\n"));
    EXPECT_TRUE(contains(md, "\n| Indicator | 2023 | 2022 | Hoe is dit geteld? |\n|---|--:|--:|---|\n"));
    EXPECT_TRUE(contains(md, "\n| Unieke bezoekers infopunten | 634 | 598 |"));
    EXPECT_TRUE(contains(md, "Burgemeester en wethouders van Rotterdam,"));
    EXPECT_FALSE(contains(md, "{{"));
    EXPECT_FALSE(contains(md, "\n\n\n"));  // blank lines are tidied
    EXPECT_FALSE(contains(md, "&#39;"));   // no HTML escaping in Markdown
    EXPECT_FALSE(contains(md, "&apos;"));
    for (const auto& s : model.at("sections").as_array()) {
        EXPECT_TRUE(contains(md, "\n## " + std::string(s.at("heading").as_string()) + "\n"))
            << s.at("heading").as_string();
    }
}

TEST(RenderMarkdown, EscapesMarkdownInText) {
    auto model = example_model();
    auto& section = model.at("sections").as_array().at(0).as_object();
    section["paragraphs"] = json::array{"Let op: *niet* vet, _niet_ schuin, <b>geen</b> html | geen tabel",
                                        "# geen kop", "1. geen lijst", "2023. Een jaartal"};
    const std::string md = render_ok(model, ReportFormat::Markdown);
    EXPECT_TRUE(contains(md, "\nLet op: \\*niet\\* vet, \\_niet\\_ schuin, \\<b\\>geen\\</b\\> html \\| geen tabel\n"));
    EXPECT_TRUE(contains(md, "\n\\# geen kop\n"));
    EXPECT_TRUE(contains(md, "\n1\\. geen lijst\n"));
    EXPECT_TRUE(contains(md, "\n2023\\. Een jaartal\n"));
}

TEST(MarkdownEscape, Rules) {
    EXPECT_EQ(markdown_escape("gewone tekst, 1.234 bezoekers"), "gewone tekst, 1.234 bezoekers");
    EXPECT_EQ(markdown_escape("EU-arbeidsmigranten (24bb006037);"), "EU-arbeidsmigranten (24bb006037);");
    EXPECT_EQ(markdown_escape("a*b_c`d[e]f\\g~h"), "a\\*b\\_c\\`d\\[e\\]f\\\\g\\~h");
    EXPECT_EQ(markdown_escape("- geen lijst"), "\\- geen lijst");
    EXPECT_EQ(markdown_escape("---"), "\\---");
    EXPECT_EQ(markdown_escape("-5 graden"), "-5 graden");
    EXPECT_EQ(markdown_escape("> geen citaat"), "\\> geen citaat");
    EXPECT_EQ(markdown_escape("3) geen lijst"), "3\\) geen lijst");
    EXPECT_EQ(markdown_escape("twee\n\nalinea's\tin  een"), "twee alinea's in een");
    EXPECT_EQ(markdown_escape("  rand  "), "rand");
    EXPECT_EQ(markdown_escape("Zorg & Welzijn &amp; meer"), "Zorg & Welzijn \\&amp; meer");
}

TEST(RenderJson, ParsesBackToTheModel) {
    const auto model = example_model();
    const std::string text = render_ok(model, ReportFormat::Json);
    EXPECT_TRUE(text.starts_with("{\n  \"title\": "));
    EXPECT_TRUE(text.ends_with("}\n"));
    EXPECT_EQ(json::parse(text), json::value(model));
}

TEST(PrettyJson, ScalarsAndEmptyContainers) {
    const json::value v = json::parse(R"({"a":[],"b":{},"c":[1,2.5,3.0,"x\"y",null,true],"d":"één"})");
    const std::string text = pretty_json(v);
    EXPECT_EQ(text,
              "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    2.5,\n    3.0,\n    \"x\\\"y\",\n    null,\n"
              "    true\n  ],\n  \"d\": \"één\"\n}\n");
    EXPECT_EQ(json::parse(text), v);
}

TEST(ReportView, CompletesMissingFieldsAndComputesDisplayText) {
    const json::object model = json::parse(R"({
        "title": "T", "year": 2023, "municipality": {"name": "Rotterdam"},
        "sections": [{"heading": "Kop", "groups": [{"heading": "G"}], "motions": [{"number": 1, "id": "x", "title": "M"}]}],
        "indicators": [{"code": "a.b", "value": 1234567, "previous": 12.5},
                       {"code": "c", "label": "C", "value": "minder dan 10", "previous": null}]
    })")
                                   .as_object();
    auto view = build_report_view(model, ReportFormat::Html);
    ASSERT_TRUE(view.ok()) << view.error().message;
    EXPECT_EQ(view->at("previous_year"), 2022);
    EXPECT_EQ(view->at("has_generated_date"), false);
    const auto& section = view->at("sections").as_array().at(0).as_object();
    EXPECT_EQ(section.at("has_items"), false);
    EXPECT_EQ(section.at("paragraphs"), json::array{});
    EXPECT_EQ(section.at("groups").as_array().at(0).at("has_items"), false);
    EXPECT_EQ(section.at("motions").as_array().at(0).at("has_paragraphs"), false);
    const auto& indicators = view->at("indicators").as_array();
    EXPECT_EQ(indicators.at(0).at("label"), "a.b");
    EXPECT_EQ(indicators.at(0).at("value_text"), "1.234.567");
    EXPECT_EQ(indicators.at(0).at("previous_text"), "12,5");
    EXPECT_EQ(indicators.at(1).at("value_text"), "minder dan 10");
    EXPECT_EQ(indicators.at(1).at("previous_text"), "geen gegevens");  // not delivered, not a dash
}

TEST(ReportView, RejectsAModelOfTheWrongShape) {
    auto model = example_model();
    model.at("sections").as_array().at(3).as_object()["items"] = json::array{"tekst", 5};
    auto out = render_report(model, ReportFormat::Html, kTemplateDir);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, ErrorCode::Invalid);
    EXPECT_NE(out.error().message.find("sections[3].items[1]"), std::string::npos) << out.error().message;

    auto no_sections = example_model();
    no_sections.erase("sections");
    EXPECT_FALSE(render_report(no_sections, ReportFormat::Markdown, kTemplateDir).ok());

    auto bad_value = example_model();
    bad_value.at("indicators").as_array().at(0).as_object()["value"] = json::object{};
    auto bad = render_report(bad_value, ReportFormat::Html, kTemplateDir);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("indicators[0].value"), std::string::npos) << bad.error().message;
}

TEST(RenderReport, MissingTemplateIsNotFound) {
    auto out =
        render_report(example_model(), ReportFormat::Html, std::filesystem::path(GRIP_TEST_DATA_DIR) / "geen-map");
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace grip::report
