#include "storage/portable_sql.h"

#include <fmt/format.h>

namespace grip::storage {

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    char quote = 0;  // the quote of the string or identifier we are in, or 0
    for (const char c : sql) {
        if (quote) {
            // A doubled quote inside ends and starts again: the same state.
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += fmt::format("${}", next++);
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace grip::storage
