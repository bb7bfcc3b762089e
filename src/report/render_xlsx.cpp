// XLSX: the annex tables as a spreadsheet, written with libxlsxwriter. Every
// figure is a number cell (a reader can sum and chart them), one sheet per
// theme of the programme plus "Definities" with how each indicator counts.

#include <algorithm>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <xlsxwriter.h>

#include "common/json_fields.h"
#include "report/external_tool.h"
#include "report/render_documents.h"

namespace grip::report {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const json::array& array_of(const json::object& o, std::string_view key) {
    static const json::array empty;
    const auto* v = o.if_contains(key);
    return v && v->is_array() ? v->get_array() : empty;
}

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, and
// unique in the workbook.
std::string sheet_name(std::string_view label, std::set<std::string>& used) {
    std::string name;
    for (char c : label)
        if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) name += c;
    // Cut at a character boundary of UTF-8.
    // Cut at a word (or else at a character) boundary.
    auto cut = [](std::string s, size_t max) {
        if (s.size() <= max) return s;
        size_t n = max;
        if (s[n] != ' ') {
            const size_t space = s.rfind(' ', n);
            if (space != std::string::npos && space >= max / 2) n = space;
        }
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
        s.resize(n);
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s;
    };
    name = cut(name.empty() ? "Blad" : name, 31);
    std::string candidate = name;
    for (int i = 2; used.count(candidate); ++i) candidate = cut(name, 27) + fmt::format(" ({})", i);
    used.insert(candidate);
    return candidate;
}

// The writer's state: the workbook, its formats and the first error.
struct Sheet {
    lxw_worksheet* ws = nullptr;
    lxw_row_t row = 0;
};

class Writer {
public:
    explicit Writer(lxw_workbook* wb) {
        header_ = workbook_add_format(wb);
        format_set_bold(header_);
        format_set_bottom(header_, LXW_BORDER_THIN);
        format_set_text_wrap(header_);
        wrap_ = workbook_add_format(wb);
        format_set_text_wrap(wrap_);
        format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
        number_ = workbook_add_format(wb);
        format_set_num_format(number_, "#,##0.##");
    }

    void text(Sheet& s, lxw_col_t col, const std::string& value, lxw_format* format = nullptr) {
        note(worksheet_write_string(s.ws, s.row, col, value.c_str(), format));
    }

    // A figure: a number cell, a text (a suppressed figure of the public
    // edition, "minder dan 10"), or empty when there is none.
    void figure(Sheet& s, lxw_col_t col, const json::value* v) {
        if (v == nullptr || v->is_null()) return;
        if (v->is_number()) note(worksheet_write_number(s.ws, s.row, col, v->to_number<double>(), number_));
        else if (v->is_string()) text(s, col, std::string(v->get_string()));
    }

    void headers(Sheet& s, const std::vector<std::string>& names) {
        for (size_t i = 0; i < names.size(); ++i) text(s, static_cast<lxw_col_t>(i), names[i], header_);
        worksheet_freeze_panes(s.ws, 1, 0);
        ++s.row;
    }

    lxw_format* wrap() const { return wrap_; }
    lxw_error error() const { return error_; }

private:
    void note(lxw_error e) {
        if (error_ == LXW_NO_ERROR) error_ = e;
    }
    lxw_format* header_ = nullptr;
    lxw_format* wrap_ = nullptr;
    lxw_format* number_ = nullptr;
    lxw_error error_ = LXW_NO_ERROR;
};

// The count of a category in a distribution ([[value, count], ...]).
const json::value* category_count(const json::value* distribution, const json::value& category) {
    if (distribution == nullptr || !distribution->is_array()) return nullptr;
    for (const auto& pair : distribution->get_array())
        if (pair.is_array() && pair.get_array().size() == 2 && pair.get_array()[0] == category)
            return &pair.get_array()[1];
    return nullptr;
}

struct AreaRow {
    std::string code, name, level;
    const json::value* value = nullptr;
    const json::value* previous = nullptr;
};

}  // namespace

Result<std::string> render_xlsx(const json::object& model) {
    const TempDir dir = TRY(TempDir::create());
    const fs::path out = dir.path() / "rapportage.xlsx";
    std::string tmpdir = dir.path().string();
    lxw_workbook_options options{};
    options.tmpdir = tmpdir.data();
    lxw_workbook* wb = workbook_new_opt(out.c_str(), &options);
    if (wb == nullptr) return Error::io("cannot make the spreadsheet in " + tmpdir);
    Writer w(wb);

    const auto* year_value = model.if_contains("year");
    const int64_t year = year_value && year_value->is_int64() ? year_value->get_int64() : 0;
    const auto& indicators = array_of(model, "indicators");
    const auto& areas = array_of(model, "area_figures");

    // The themes in the model's order, and any theme an indicator names besides.
    std::vector<std::pair<std::string, std::string>> themes;
    for (const auto& t : array_of(model, "themes"))
        if (t.is_object())
            themes.emplace_back(string_value(t.get_object(), "code"), string_value(t.get_object(), "label"));
    for (const auto& i : indicators) {
        const std::string code = string_value(i.get_object(), "theme");
        if (std::none_of(themes.begin(), themes.end(), [&](const auto& t) { return t.first == code; }))
            themes.emplace_back(code, code.empty() ? "Overig" : code);
    }

    std::set<std::string> used{"Definities"};
    for (const auto& [theme, label] : themes) {
        std::vector<const json::object*> of_theme;
        for (const auto& i : indicators)
            if (string_value(i.get_object(), "theme") == theme) of_theme.push_back(&i.get_object());
        if (of_theme.empty()) continue;
        Sheet s{workbook_add_worksheet(wb, sheet_name(label, used).c_str()), 0};
        w.headers(s, {"Code", "Indicator", "Categorie", "Gebied", "Gebiedscode", "Niveau", std::to_string(year),
                      std::to_string(year - 1), "Eenheid"});
        worksheet_set_column(s.ws, 0, 0, 28, nullptr);
        worksheet_set_column(s.ws, 1, 1, 44, nullptr);
        worksheet_set_column(s.ws, 2, 2, 18, nullptr);
        worksheet_set_column(s.ws, 3, 3, 26, nullptr);
        worksheet_set_column(s.ws, 4, 5, 12, nullptr);
        worksheet_set_column(s.ws, 6, 7, 10, nullptr);
        for (const auto* ind : of_theme) {
            const std::string code = string_value(*ind, "code");
            // The whole municipality as the letter's annex gives it (in the
            // public edition with its suppressed figures), then each area.
            std::vector<AreaRow> rows;
            for (const auto& a : areas) {
                const auto& area = a.get_object();
                AreaRow row{string_value(area, "area"), string_value(area, "name"), string_value(area, "level")};
                if (row.level == "gemeente") {
                    row.value = ind->if_contains("value");
                    row.previous = ind->if_contains("previous");
                } else {
                    for (const auto& f : array_of(area, "figures"))
                        if (string_value(f.get_object(), "code") == code) {
                            row.value = f.get_object().if_contains("value");
                            row.previous = f.get_object().if_contains("previous");
                        }
                }
                rows.push_back(row);
            }
            if (rows.empty())
                rows.push_back({"", "", "gemeente", ind->if_contains("value"), ind->if_contains("previous")});
            for (const auto& row : rows) {
                auto line = [&](const std::string& category, const json::value* value, const json::value* previous) {
                    w.text(s, 0, code);
                    w.text(s, 1, string_value(*ind, "label"));
                    if (!category.empty()) w.text(s, 2, category);
                    w.text(s, 3, row.name);
                    w.text(s, 4, row.code);
                    w.text(s, 5, row.level);
                    w.figure(s, 6, value);
                    w.figure(s, 7, previous);
                    w.text(s, 8, string_value(*ind, "unit"));
                    ++s.row;
                };
                if (row.value != nullptr && row.value->is_array()) {
                    // A distribution: a row per category with its count.
                    for (const auto& pair : row.value->get_array()) {
                        const auto& p = pair.get_array();
                        const std::string category =
                            p[0].is_string() ? std::string(p[0].get_string()) : json::serialize(p[0]);
                        line(category, &p[1], category_count(row.previous, p[0]));
                    }
                } else {
                    line("", row.value, row.previous);
                }
            }
        }
        worksheet_autofilter(s.ws, 0, 0, s.row > 0 ? s.row - 1 : 0, 8);
    }

    Sheet defs{workbook_add_worksheet(wb, "Definities"), 0};
    w.headers(defs, {"Code", "Indicator", "Thema", "Eenheid", "Meetwijze", "Definitie"});
    worksheet_set_column(defs.ws, 0, 0, 28, nullptr);
    worksheet_set_column(defs.ws, 1, 1, 44, nullptr);
    worksheet_set_column(defs.ws, 2, 4, 14, nullptr);
    worksheet_set_column(defs.ws, 5, 5, 90, w.wrap());
    for (const auto& i : indicators) {
        const auto& ind = i.get_object();
        w.text(defs, 0, string_value(ind, "code"));
        w.text(defs, 1, string_value(ind, "label"));
        w.text(defs, 2, string_value(ind, "theme"));
        w.text(defs, 3, string_value(ind, "unit"));
        w.text(defs, 4, string_value(ind, "measure"));
        w.text(defs, 5, string_value(ind, "definition"), w.wrap());
        ++defs.row;
    }

    const lxw_error written = w.error();
    const lxw_error closed = workbook_close(wb);
    if (written != LXW_NO_ERROR)
        return Error::io(fmt::format("cannot write the spreadsheet: {}", lxw_strerror(written)));
    if (closed != LXW_NO_ERROR) return Error::io(fmt::format("cannot write the spreadsheet: {}", lxw_strerror(closed)));
    return read_file_bytes(out);
}

}  // namespace grip::report
