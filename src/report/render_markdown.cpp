// Markdown specifics of the report: escaping the model's plain text.

#include <cctype>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "report/render.h"

namespace grip::report {

namespace json = boost::json;

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "&amp;" or "&#38;" would be read as a character reference.
bool starts_entity(std::string_view text, size_t pos) {
    size_t i = pos + 1;
    if (i < text.size() && text[i] == '#') ++i;
    const size_t name_start = i;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    return i > name_start && i < text.size() && text[i] == ';';
}

// Length of a leading ordered-list marker ("12." or "3)" followed by a space
// or the end), 0 if there is none.
size_t ordered_marker_length(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && i < 9 && is_digit(text[i])) ++i;
    if (i == 0 || i >= text.size() || (text[i] != '.' && text[i] != ')')) return 0;
    if (i + 1 < text.size() && text[i + 1] != ' ') return 0;
    return i;
}

}  // namespace

std::string markdown_escape(std::string_view text) {
    // Collapse white space first: every model text is a single paragraph or
    // table cell, and a line break inside it could start a new block.
    std::string flat;
    flat.reserve(text.size());
    for (char c : text) {
        if (is_space(c)) {
            if (!flat.empty() && flat.back() != ' ') flat += ' ';
        } else {
            flat += c;
        }
    }
    while (!flat.empty() && flat.back() == ' ') flat.pop_back();

    std::string out;
    out.reserve(flat.size() + flat.size() / 8);

    // At the start, a text could open a block: a heading, a list item, a
    // thematic break or a setext underline. (A quote's ">" and a "*" list
    // marker are escaped wherever they stand, below.)
    size_t start = 0;
    if (const size_t digits = ordered_marker_length(flat); digits > 0) {
        out.append(flat, 0, digits);
        out += '\\';
        start = digits;
    } else if (!flat.empty()) {
        const char c = flat.front();
        const char next = flat.size() > 1 ? flat[1] : ' ';
        if (c == '#' || ((c == '-' || c == '+' || c == '=') && (next == ' ' || next == c))) out += '\\';
    }

    for (size_t i = start; i < flat.size(); ++i) {
        const char c = flat[i];
        switch (c) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '~': out += '\\'; break;
            case '&':
                if (starts_entity(flat, i)) out += '\\';
                break;
            default: break;
        }
        out += c;
    }
    return out;
}

// Internal to the report renderers (declared in render.cpp): escapes every
// string of a view for Markdown.
void markdown_escape_strings(json::value& value) {
    if (auto* s = value.if_string()) {
        *s = markdown_escape(*s);
    } else if (auto* arr = value.if_array()) {
        for (auto& item : *arr) markdown_escape_strings(item);
    } else if (auto* obj = value.if_object()) {
        for (auto& entry : *obj) markdown_escape_strings(entry.value());
    }
}

}  // namespace grip::report
