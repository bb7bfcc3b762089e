#include "report/template_engine.h"

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace grip::report {
namespace {

boost::json::value data(std::string_view text) { return boost::json::parse(text); }

std::string rendered(std::string_view tmpl, std::string_view json, Escape escape = Escape::None,
                     const Partials& partials = {}) {
    auto out = render_template(tmpl, data(json), escape, partials);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : std::string{};
}

TEST(TemplateEngine, DottedNamesWalkIntoObjects) {
    EXPECT_EQ(rendered("{{werk.banenmarkt_bereik.text}}", R"({"werk":{"banenmarkt_bereik":{"text":"145 bezoekers"}}})"),
              "145 bezoekers");
    EXPECT_EQ(rendered("[{{werk.onbekend.text}}]", R"({"werk":{}})"), "[]");
}

TEST(TemplateEngine, NumbersAsTheirText) {
    EXPECT_EQ(rendered("{{year}} {{big}} {{half}} {{whole}} {{neg}}",
                       R"({"year":2023,"big":18446744073709551615,"half":12.5,"whole":3.0,"neg":-7})"),
              "2023 18446744073709551615 12.5 3 -7");
}

TEST(TemplateEngine, SectionsOnBooleansListsAndNull) {
    EXPECT_EQ(rendered("{{#on}}ja{{/on}}{{^off}}nee{{/off}}", R"({"on":true,"off":false})"), "janee");
    EXPECT_EQ(rendered("{{#off}}ja{{/off}}", R"({"off":false})"), "");
    EXPECT_EQ(rendered("{{#niets}}ja{{/niets}}{{^niets}}leeg{{/niets}}", R"({"niets":null})"), "leeg");
    EXPECT_EQ(rendered("{{#items}}<{{.}}>{{/items}}", R"({"items":["a","b","c"]})"), "<a><b><c>");
    EXPECT_EQ(rendered("{{#items}}x{{/items}}{{^items}}geen{{/items}}", R"({"items":[]})"), "geen");
    EXPECT_EQ(rendered("{{#groups}}{{heading}}: {{#items}}{{.}};{{/items}} {{/groups}}",
                       R"({"groups":[{"heading":"werk","items":["a","b"]},{"heading":"info","items":["c"]}]})"),
              "werk: a;b; info: c; ");
}

TEST(TemplateEngine, HtmlEscapesDoubleBracesOnly) {
    const auto json = R"({"t":"<script>alert('x') & \"y\"</script>"})";
    EXPECT_EQ(rendered("{{t}}", json, Escape::Html),
              "&lt;script&gt;alert(&apos;x&apos;) &amp; &quot;y&quot;&lt;/script&gt;");
    EXPECT_EQ(rendered("{{{t}}}", json, Escape::Html), "<script>alert('x') & \"y\"</script>");
    EXPECT_EQ(rendered("{{t}}", json, Escape::None), "<script>alert('x') & \"y\"</script>");
}

TEST(TemplateEngine, DataIsNeverTemplate) {
    // A text that looks like a tag is printed, not interpreted.
    EXPECT_EQ(rendered("{{t}}", R"({"t":"{{geheim}}","geheim":"x"})"), "{{geheim}}");
}

TEST(TemplateEngine, ErrorsNameTheProblem) {
    auto unclosed = render_template("{{#sections}}{{heading}}", data(R"({"sections":[]})"), Escape::Html);
    ASSERT_FALSE(unclosed.ok());
    EXPECT_EQ(unclosed.error().code, ErrorCode::Invalid);
    EXPECT_NE(unclosed.error().message.find("Unclosed section"), std::string::npos) << unclosed.error().message;
    EXPECT_NE(unclosed.error().message.find("sections"), std::string::npos);

    auto unopened = render_template("{{/items}}", data("{}"), Escape::None);
    ASSERT_FALSE(unopened.ok());
    EXPECT_NE(unopened.error().message.find("Unopened section"), std::string::npos);

    auto tag = render_template("tekst {{naam", data(R"({"naam":"geheim-123"})"), Escape::None);
    ASSERT_FALSE(tag.ok());
    EXPECT_NE(tag.error().message.find("Unclosed tag"), std::string::npos);
    EXPECT_EQ(tag.error().message.find("geheim-123"), std::string::npos);  // the data stays out
}

TEST(TemplateEngine, Partials) {
    const Partials partials{{"stijl.css", "body { color: #000; }"}, {"regel", "[{{naam}}]"}};
    EXPECT_EQ(rendered("<style>{{> stijl.css}}</style>{{#p}}{{>regel}}{{/p}}", R"({"p":[{"naam":"a"},{"naam":"b"}]})",
                       Escape::Html, partials),
              "<style>body { color: #000; }</style>[a][b]");

    auto unknown = render_template("{{> ontbreekt}}", data("{}"), Escape::None, partials);
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("ontbreekt"), std::string::npos);

    auto nested = render_template("{{> a}}", data("{}"), Escape::None, {{"a", "{{> a}}"}});
    ASSERT_FALSE(nested.ok());
    EXPECT_NE(nested.error().message.find("another partial"), std::string::npos);
}

TEST(TemplateEngine, LoadTemplateFile) {
    const auto dir = std::filesystem::temp_directory_path() / "grip-template-engine-test";
    std::filesystem::create_directories(dir);
    const auto file = dir / "t.mustache";
    std::ofstream(file) << "Hallo {{naam}}";

    auto loaded = load_template_file(file);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(*loaded, "Hallo {{naam}}");

    auto missing = load_template_file(dir / "bestaat-niet.mustache");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grip::report
