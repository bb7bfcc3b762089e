#include "ingest/csv_tokenizer.h"

#include <cstring>

namespace grip::ingest {

void CsvTokenizer::read_row(Line first, CsvRow& row) {
    row.clear();
    row.first_line = first.number;
    row.last_line = first.number;
    state_ = State::CellStart;
    std::string_view text = first.text;
    while (!consume(text, row)) {
        // A quoted cell is still open at the end of the line.
        if (row.text.size() > kMaxRowBytes) {
            row.problems.push_back({CsvProblemKind::RowTooLarge, row.ends.size()});
            row.ends.push_back(row.text.size());
            return;
        }
        Line line;
        if (!lines_->next(line)) {
            row.problems.push_back({CsvProblemKind::UnterminatedQuote, row.ends.size()});
            row.ends.push_back(row.text.size());
            return;
        }
        row.last_line = line.number;
        row.text.push_back('\n');
        text = line.text;
    }
}

bool CsvTokenizer::consume(std::string_view line, CsvRow& row) {
    // An empty view may have a null data(), which memchr must not see.
    const char* s = line.empty() ? "" : line.data();
    const size_t n = line.size();
    size_t i = 0;
    const auto end_cell = [&row] { row.ends.push_back(row.text.size()); };
    for (;;) {
        switch (state_) {
            case State::CellStart:
                if (i < n && s[i] == '"') {
                    ++i;
                    state_ = State::Quoted;
                    break;
                }
                state_ = State::Unquoted;
                [[fallthrough]];
            case State::Unquoted: {
                // A quote inside an unquoted cell is kept as it is: it cannot
                // be mistaken for anything else, and hand-made files have them.
                const auto* sep = static_cast<const char*>(std::memchr(s + i, separator_, n - i));
                const size_t at = sep != nullptr ? static_cast<size_t>(sep - s) : n;
                row.text.append(s + i, at - i);
                end_cell();
                if (sep == nullptr) return true;
                i = at + 1;
                state_ = State::CellStart;
                break;
            }
            case State::Quoted: {
                const auto* quote = static_cast<const char*>(std::memchr(s + i, '"', n - i));
                if (quote == nullptr) {
                    row.text.append(s + i, n - i);
                    return false;  // the cell goes on on the next line
                }
                const size_t at = static_cast<size_t>(quote - s);
                row.text.append(s + i, at - i);
                i = at + 1;
                if (i < n && s[i] == '"') {
                    row.text.push_back('"');
                    ++i;
                } else {
                    state_ = State::AfterQuote;
                }
                break;
            }
            case State::AfterQuote:
                if (i == n) {
                    end_cell();
                    return true;
                }
                if (s[i] == separator_) {
                    end_cell();
                    ++i;
                    state_ = State::CellStart;
                    break;
                }
                // Read the rest of the cell as unquoted text, so that the row
                // still ends at the right place.
                row.problems.push_back({CsvProblemKind::TextAfterQuote, row.ends.size()});
                state_ = State::Unquoted;
                break;
        }
    }
}

}  // namespace grip::ingest
