#pragma once
// Splits CSV rows into cells (RFC 4180): cells are separated by one
// separator character; a cell that starts with a double quote is quoted, may
// hold separators and line ends, and writes a quote as "". A quoted row can
// span several physical lines. CsvReader gives the cells their meaning.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/line_reader.h"

namespace grip::ingest {

enum class CsvProblemKind {
    TextAfterQuote,     // `"abc"def`: the cell goes on after its closing quote
    UnterminatedQuote,  // the input ended inside a quoted cell
    RowTooLarge,        // a quoted cell ran over kMaxRowBytes without closing
};

struct CsvProblem {
    CsvProblemKind kind;
    size_t cell;  // 0-based index of the cell it is about
};

// One row: the unquoted cell contents back to back in `text`, with the end
// of each cell in `ends`. Reused from row to row, so its memory is too.
struct CsvRow {
    int64_t first_line = 0;
    int64_t last_line = 0;
    std::string text;
    std::vector<size_t> ends;
    std::vector<CsvProblem> problems;

    size_t cell_count() const { return ends.size(); }
    std::string_view cell(size_t i) const {
        const size_t begin = i == 0 ? 0 : ends[i - 1];
        return std::string_view(text).substr(begin, ends[i] - begin);
    }
    void clear() {
        text.clear();
        ends.clear();
        problems.clear();
    }
};

class CsvTokenizer {
public:
    // A quoted cell that is still open after this many bytes is taken to be a
    // stray quote: the row is given up so that a mistake cannot pull the rest
    // of a large file into memory.
    static constexpr size_t kMaxRowBytes = size_t{16} << 20;

    CsvTokenizer(LineReader& lines, char separator) : lines_(&lines), separator_(separator) {}

    // Reads the row that starts with `first` (already taken from the
    // LineReader), pulling more lines while a quoted cell is open. A line end
    // inside a quoted cell becomes "\n", whether the file had "\n" or "\r\n".
    // Structural mistakes go to row.problems; the row always ends where a
    // reader that tolerates the mistake would end it, so the next row is in
    // step again.
    void read_row(Line first, CsvRow& row);

    char separator() const { return separator_; }

private:
    enum class State { CellStart, Unquoted, Quoted, AfterQuote };
    // Consumes one physical line; true when the row ends with it.
    bool consume(std::string_view line, CsvRow& row);

    LineReader* lines_;
    char separator_;
    State state_ = State::CellStart;
};

}  // namespace grip::ingest
