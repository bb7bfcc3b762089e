#include "report/render.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include <boost/json.hpp>

#include "common/date.h"
#include "common/dutch_text.h"
#include "report/charts.h"
#include "report/render_documents.h"
#include "report/template_engine.h"

namespace grip::report {

namespace json = boost::json;

// Defined in render_markdown.cpp.
void markdown_escape_strings(json::value& value);

namespace {

// ---------------------------------------------------------------------------
// Checking and completing the model. Every message names the place in the
// model ("sections[3].items[0]") so that whoever builds it can find the fault.

Error shape_error(const std::string& where, std::string_view what) {
    return Error::invalid("report model: " + where + " " + std::string(what));
}

std::string at(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string at(const std::string& parent, size_t index) { return parent + "[" + std::to_string(index) + "]"; }

// A required or optional string field; absent optional strings become "".
Status complete_string(json::object& obj, std::string_view key, const std::string& where, bool required) {
    auto* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) return shape_error(at(where, key), "is missing");
        obj[key] = "";
        return ok_status();
    }
    if (!v->is_string()) return shape_error(at(where, key), "must be a string");
    return ok_status();
}

// An array of strings; absent means empty. Sets has_<key> beside it.
Status complete_strings(json::object& obj, std::string_view key, const std::string& where) {
    auto* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        obj[key] = json::array{};
    } else if (!v->is_array()) {
        return shape_error(at(where, key), "must be an array of strings");
    } else {
        const auto& arr = v->get_array();
        for (size_t i = 0; i < arr.size(); ++i) {
            if (!arr[i].is_string()) return shape_error(at(at(where, key), i), "must be a string");
        }
    }
    const bool any = !obj.at(key).get_array().empty();
    obj["has_" + std::string(key)] = any;
    return ok_status();
}

// An array of objects, each completed by `complete`; absent means empty.
template <typename Complete>
Status complete_objects(json::object& obj, std::string_view key, const std::string& where, Complete complete) {
    auto* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        obj[key] = json::array{};
    } else if (!v->is_array()) {
        return shape_error(at(where, key), "must be an array");
    }
    auto& arr = obj.at(key).get_array();
    for (size_t i = 0; i < arr.size(); ++i) {
        const std::string here = at(at(where, key), i);
        if (!arr[i].is_object()) return shape_error(here, "must be an object");
        TRY(complete(arr[i].get_object(), here));
    }
    const bool any = !arr.empty();
    obj["has_" + std::string(key)] = any;  // may move the elements: arr is not used after this
    return ok_status();
}

Status complete_abuse(json::object& abuse, const std::string& where) {
    TRY(complete_string(abuse, "state_label", where, true));
    return complete_strings(abuse, "steps", where);
}

Status complete_partner(json::object& partner, const std::string& where) {
    for (const char* key : {"name", "branch_text", "since_text", "until_text"})
        TRY(complete_string(partner, key, where, true));
    return complete_objects(partner, "abuses", where, complete_abuse);
}

Status complete_group(json::object& group, const std::string& where) {
    TRY(complete_string(group, "code", where, false));
    TRY(complete_string(group, "heading", where, true));
    TRY(complete_strings(group, "items", where));
    return ok_status();
}

Status complete_motion(json::object& motion, const std::string& where) {
    const auto* number = motion.if_contains("number");
    if (number == nullptr || !(number->is_int64() || number->is_uint64())) {
        return shape_error(at(where, "number"), "must be a whole number");
    }
    TRY(complete_string(motion, "id", where, true));
    TRY(complete_string(motion, "kind", where, false));
    TRY(complete_string(motion, "title", where, true));
    TRY(complete_strings(motion, "paragraphs", where));
    return ok_status();
}

Status complete_section(json::object& section, const std::string& where) {
    TRY(complete_string(section, "code", where, false));
    TRY(complete_string(section, "heading", where, true));
    TRY(complete_strings(section, "paragraphs", where));
    TRY(complete_strings(section, "items", where));
    TRY(complete_objects(section, "groups", where, complete_group));
    TRY(complete_objects(section, "motions", where, complete_motion));
    return ok_status();
}

// ---------------------------------------------------------------------------
// Display strings for the annex of indicators. Tables write every number in
// digits, Dutch style: 1.234 and 12,5.

std::string decimal_text(double d) {
    // Two decimals at most, trailing zeros dropped, a decimal comma.
    const double rounded = std::round(d * 100.0) / 100.0;
    if (std::abs(rounded) < 9.0e15 && rounded == std::trunc(rounded)) {
        return dutch_digits(static_cast<int64_t>(rounded));
    }
    std::array<char, 64> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), rounded, std::chars_format::fixed, 2);
    if (ec != std::errc{}) return "?";
    std::string text(buf.data(), end);
    while (!text.empty() && text.back() == '0') text.pop_back();
    const size_t point = text.find('.');
    if (point == std::string::npos) return text;
    // Group the whole part and swap the point for a comma.
    const std::string whole = text.substr(0, point);
    const bool negative = !whole.empty() && whole.front() == '-';
    int64_t whole_value = 0;
    std::from_chars(whole.data() + (negative ? 1 : 0), whole.data() + whole.size(), whole_value);
    // Built step by step: GCC 12 at -O3 warns falsely (-Wrestrict) on
    // `const char* + std::string`.
    std::string out(negative ? "-" : "");
    out += dutch_digits(whole_value);
    out += ',';
    out.append(text, point + 1);
    return out;
}

// A scalar figure as text; nullopt for a kind that is not a figure.
std::optional<std::string> scalar_text(const json::value& v) {
    switch (v.kind()) {
        case json::kind::int64: return dutch_digits(v.get_int64());
        case json::kind::uint64:
            return v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)
                       ? dutch_digits(static_cast<int64_t>(v.get_uint64()))
                       : std::to_string(v.get_uint64());
        case json::kind::double_: return decimal_text(v.get_double());
        // A public edition may carry a text such as "minder dan 10".
        case json::kind::string: return std::string(v.get_string());
        default: return std::nullopt;
    }
}

// "financieel 412, juridisch 380": a distribution of [value, count] pairs.
Result<std::string> distribution_text(const json::array& pairs, const std::string& where) {
    std::string out;
    for (size_t i = 0; i < pairs.size(); ++i) {
        const auto* pair = pairs[i].if_array();
        if (pair == nullptr || pair->size() != 2) return shape_error(at(where, i), "must be a [value, count] pair");
        const auto label = scalar_text((*pair)[0]);
        const auto count = scalar_text((*pair)[1]);
        if (!label || !count || (*pair)[1].is_string()) {
            return shape_error(at(where, i), "must be a [value, count] pair with a numeric count");
        }
        if (i > 0) out += ", ";
        out += *label + " " + *count;
    }
    return out;
}

Result<std::string> figure_text(const json::value* v, const std::string& where, std::string_view unit) {
    constexpr std::string_view kNone = "–";  // an en dash: nothing to show
    if (v == nullptr || v->is_null()) return std::string(kNone);
    if (const auto* pairs = v->if_array()) {
        if (pairs->empty()) return std::string(kNone);
        return distribution_text(*pairs, where);
    }
    const auto text = scalar_text(*v);
    if (!text) return shape_error(where, "must be a number, a text, a list of [value, count] pairs or null");
    // A unit belongs to numbers only: "12%", but not "minder dan 10%".
    return v->is_number() ? *text + std::string(unit) : *text;
}

Status complete_indicator(json::object& indicator, const std::string& where) {
    TRY(complete_string(indicator, "code", where, false));
    TRY(complete_string(indicator, "theme", where, false));
    TRY(complete_string(indicator, "label", where, false));
    TRY(complete_string(indicator, "definition", where, false));
    TRY(complete_string(indicator, "unit", where, false));
    // A label is what the reader sees; without one the code stands in.
    if (indicator.at("label").get_string().empty()) indicator["label"] = indicator.at("code");

    // The label names what is counted ("Unieke bezoekers infopunten"), so the
    // table shows a unit only for a percentage: "13%", never "634 bezoekers".
    const std::string_view unit_name = indicator.at("unit").get_string();
    const std::string unit = unit_name == "procent" || unit_name == "%" ? "%" : "";

    // Compute everything before inserting: an insertion may move the fields.
    const json::value* value = indicator.if_contains("value");
    const bool distribution = value != nullptr && value->is_array();
    std::string value_text = TRY(figure_text(value, at(where, "value"), unit));
    // A previous figure the model leaves out was not delivered: "geen
    // gegevens", never a dash that could be read as nothing happened.
    const json::value* previous = indicator.if_contains("previous");
    std::string previous_text = previous == nullptr || previous->is_null()
                                    ? std::string("geen gegevens")
                                    : TRY(figure_text(previous, at(where, "previous"), unit));
    indicator["value_text"] = value_text;
    indicator["previous_text"] = previous_text;
    indicator["value_is_distribution"] = distribution;
    // The target of the year and the progress towards it (column "streefwaarde"), or empty.
    TRY(complete_string(indicator, "target_text", where, false));
    indicator["has_target"] = !indicator.at("target_text").as_string().empty();
    return ok_status();
}

// "2026-11-29T08:00:00Z" → "29 november 2026"; "" when it is not a date.
std::string generated_date_text(const json::object& model) {
    const auto* v = model.if_contains("generated_at");
    if (v == nullptr || !v->is_string() || v->get_string().size() < 10) return {};
    const auto date = Date::parse(std::string_view(v->get_string()).substr(0, 10));
    if (!date) return {};
    return dutch_date(date->year(), date->month(), date->day());
}

// ---------------------------------------------------------------------------
// Pretty-printed JSON.

void write_scalar(std::string& out, const json::value& v) {
    if (v.is_double()) {
        // Keep a double a double when read back: 3.0, not 3.
        const double d = v.get_double();
        if (!std::isfinite(d)) {
            out += "null";
            return;
        }
        std::array<char, 64> buf{};
        const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
        std::string text(buf.data(), ec == std::errc{} ? end : buf.data());
        if (text.find_first_of(".eE") == std::string::npos) text += ".0";
        out += text;
        return;
    }
    out += json::serialize(v);
}

void write_pretty(std::string& out, const json::value& v, int depth) {
    const auto indent = [&out](int d) { out.append(static_cast<size_t>(d) * 2, ' '); };
    if (const auto* obj = v.if_object()) {
        if (obj->empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& [key, item] : *obj) {
            if (!first) out += ",\n";
            first = false;
            indent(depth + 1);
            out += json::serialize(json::value(key));
            out += ": ";
            write_pretty(out, item, depth + 1);
        }
        out += "\n";
        indent(depth);
        out += "}";
    } else if (const auto* arr = v.if_array()) {
        if (arr->empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (size_t i = 0; i < arr->size(); ++i) {
            if (i > 0) out += ",\n";
            indent(depth + 1);
            write_pretty(out, (*arr)[i], depth + 1);
        }
        out += "\n";
        indent(depth);
        out += "]";
    } else {
        write_scalar(out, v);
    }
}

// ---------------------------------------------------------------------------
// Templates.

// At most one blank line in a row, no blank lines at the start, no spaces at
// the end of a line (in Markdown they would make a hard line break) and one
// final newline. Template sections that render nothing leave blank lines
// behind; cleaning them up here keeps the templates readable.
std::string tidy_blank_lines(std::string_view rendered) {
    std::string out;
    out.reserve(rendered.size());
    size_t newlines = 0;
    for (char c : rendered) {
        if (c == '\r') continue;
        if (c == '\n') {
            // Trailing spaces on a line would turn into a hard line break.
            while (!out.empty() && out.back() == ' ') out.pop_back();
            ++newlines;
            continue;
        }
        if (newlines > 0 && !out.empty()) out.append(newlines >= 2 ? 2 : 1, '\n');
        newlines = 0;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    return out;
}

// Every "_name" file in the folder is the partial "name".
Result<Partials> load_partials(const std::filesystem::path& template_dir) {
    Partials partials;
    std::error_code ec;
    std::filesystem::directory_iterator it(template_dir, ec);
    if (ec) return Error::io("cannot list template folder " + template_dir.string() + ": " + ec.message());
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 2 || name.front() != '_' || !entry.is_regular_file(ec)) continue;
        partials.emplace(name.substr(1), TRY(load_template_file(entry.path())));
    }
    return partials;
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    if (lower == "md" || lower == "markdown") return ReportFormat::Markdown;
    if (lower == "html") return ReportFormat::Html;
    if (lower == "json") return ReportFormat::Json;
    if (lower == "docx") return ReportFormat::Docx;
    if (lower == "pdf") return ReportFormat::Pdf;
    if (lower == "xlsx") return ReportFormat::Xlsx;
    return std::nullopt;
}

const std::vector<ReportFormat>& all_report_formats() {
    static const std::vector<ReportFormat> formats{ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json,
                                                   ReportFormat::Docx,     ReportFormat::Pdf,  ReportFormat::Xlsx};
    return formats;
}

std::string_view report_format_name(ReportFormat format) {
    switch (format) {
        case ReportFormat::Markdown: return "md";
        case ReportFormat::Html: return "html";
        case ReportFormat::Json: return "json";
        case ReportFormat::Docx: return "docx";
        case ReportFormat::Pdf: return "pdf";
        case ReportFormat::Xlsx: return "xlsx";
    }
    return "";
}

std::string_view report_content_type(ReportFormat format) {
    switch (format) {
        case ReportFormat::Html: return "text/html; charset=utf-8";
        case ReportFormat::Markdown: return "text/markdown; charset=utf-8";
        case ReportFormat::Json: return "application/json";
        case ReportFormat::Docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        case ReportFormat::Pdf: return "application/pdf";
        case ReportFormat::Xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "application/octet-stream";
}

std::string_view report_file_extension(ReportFormat format) {
    switch (format) {
        case ReportFormat::Markdown: return ".md";
        case ReportFormat::Html: return ".html";
        case ReportFormat::Json: return ".json";
        case ReportFormat::Docx: return ".docx";
        case ReportFormat::Pdf: return ".pdf";
        case ReportFormat::Xlsx: return ".xlsx";
    }
    return "";
}

Result<json::object> build_report_view(const json::object& model, ReportFormat format) {
    json::object view = model;
    TRY(complete_string(view, "title", "", true));
    TRY(complete_string(view, "programme", "", false));
    TRY(complete_string(view, "edition", "", false));
    TRY(complete_string(view, "generated_at", "", false));

    const auto* year = view.if_contains("year");
    if (year == nullptr || !year->is_int64()) return shape_error("year", "must be a whole number");
    const int64_t previous_year = year->get_int64() - 1;
    view["previous_year"] = previous_year;

    auto* municipality = view.if_contains("municipality");
    if (municipality == nullptr || !municipality->is_object()) return shape_error("municipality", "must be an object");
    TRY(complete_string(municipality->get_object(), "code", "municipality", false));
    TRY(complete_string(municipality->get_object(), "name", "municipality", true));

    if (!view.contains("sections")) return shape_error("sections", "is missing");
    TRY(complete_objects(view, "sections", "", complete_section));
    TRY(complete_strings(view, "closing", ""));
    TRY(complete_objects(view, "indicators", "", complete_indicator));
    // The annex has a column "streefwaarde" when some figure has a target.
    bool has_targets = false;
    for (const auto& i : view.at("indicators").as_array()) has_targets = has_targets || i.at("has_target").as_bool();
    view["has_targets"] = has_targets;
    TRY(complete_objects(view, "partners", "", complete_partner));

    std::string generated_date = generated_date_text(view);
    view["has_generated_date"] = !generated_date.empty();
    view["generated_date"] = generated_date;
    const std::string edition(view.at("edition").get_string());
    view["is_intern"] = edition == "intern";
    view["is_openbaar"] = edition == "openbaar";
    add_chart_view(view, format == ReportFormat::Html);

    if (format == ReportFormat::Markdown) {
        json::value escaped = std::move(view);
        markdown_escape_strings(escaped);
        return std::move(escaped.get_object());
    }
    return view;
}

Result<std::string> render_report(const json::object& model, ReportFormat format,
                                  const std::filesystem::path& template_dir) {
    switch (format) {
        case ReportFormat::Json: return pretty_json(model);
        case ReportFormat::Docx: return render_docx(model, template_dir);
        case ReportFormat::Pdf: return render_pdf(model, template_dir);
        case ReportFormat::Xlsx: return render_xlsx(model);
        case ReportFormat::Markdown:
        case ReportFormat::Html: break;
    }

    const json::value view = TRY(build_report_view(model, format));
    const bool markdown = format == ReportFormat::Markdown;
    const auto tmpl =
        TRY(load_template_file(template_dir / (markdown ? "report.md.mustache" : "report.html.mustache")));
    const auto partials = TRY(load_partials(template_dir));
    const std::string rendered = TRY(render_template(tmpl, view, markdown ? Escape::None : Escape::Html, partials));
    return tidy_blank_lines(rendered);
}

std::string pretty_json(const json::value& value) {
    std::string out;
    write_pretty(out, value, 0);
    out += '\n';
    return out;
}

}  // namespace grip::report
