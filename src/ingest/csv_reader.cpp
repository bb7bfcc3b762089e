#include "ingest/csv_reader.h"

#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "ingest/utf8.h"

namespace grip::ingest {
namespace {

// The header is line 1 by the definition of the exchange format.
constexpr int64_t kHeaderLine = 1;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Error header_error(std::string_view column, std::string_view message) {
    return Error::invalid(fmt::format("{}: {}: {}", kHeaderLine, column, message));
}

// The separator is the candidate the header uses most outside quotes. Column
// names cannot hold either, so in a valid header only one of them occurs.
char detect_separator(std::string_view header) {
    size_t commas = 0;
    size_t semicolons = 0;
    bool quoted = false;
    for (const char c : header) {
        if (c == '"') {
            quoted = !quoted;  // "" inside quotes toggles twice, as it should
        } else if (!quoted) {
            commas += c == ',';
            semicolons += c == ';';
        }
    }
    return semicolons > commas ? ';' : ',';
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; }

std::vector<std::string> split_path(std::string_view name) {
    std::vector<std::string> keys;
    size_t begin = 0;
    for (;;) {
        const size_t dot = name.find('.', begin);
        keys.emplace_back(name.substr(begin, dot - begin));
        if (dot == std::string_view::npos) return keys;
        begin = dot + 1;
    }
}

}  // namespace

Result<CsvReader> CsvReader::create(LineReader& lines, std::optional<std::string> kind_override) {
    Line first;
    if (!lines.next(first)) {
        if (lines.error()) return *lines.error();
        return header_error("-", "the file is empty; the first line must hold the field names");
    }
    std::string_view text = first.text;
    if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
    // Spreadsheets offer these encodings too; say what to do instead of
    // listing every column as malformed.
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        return header_error("-", "the file is UTF-16; save it as CSV UTF-8");
    }
    if (text.find('\r') != std::string_view::npos) {
        return header_error("-",
                            "the lines end in a bare carriage return (old Mac format); save the file as CSV UTF-8");
    }
    if (text.empty()) return header_error("-", "the header row is empty; the first line must hold the field names");

    CsvReader reader(lines, detect_separator(text));
    if (kind_override && !kind_override->empty()) reader.kind_override_ = std::move(kind_override);
    TRY(reader.read_header(Line{first.number, text}));
    return reader;
}

Status CsvReader::read_header(Line first) {
    tokenizer_.read_row(first, row_);
    if (lines_->error()) return *lines_->error();
    if (!row_.problems.empty()) {
        return header_error(fmt::format("column {}", row_.problems.front().cell + 1),
                            "quoting error in the header row");
    }

    std::unordered_map<std::string_view, size_t> index;
    columns_.reserve(row_.cell_count());
    for (size_t i = 0; i < row_.cell_count(); ++i) {
        const std::string_view name = row_.cell(i);
        // A bad name is shown by position only: when the header row is
        // missing, the "names" are the first record's personal data.
        if (name.empty()) return header_error(fmt::format("column {}", i + 1), "empty column name");
        for (const char c : name) {
            if (!is_name_char(c)) {
                return header_error(fmt::format("column {}", i + 1),
                                    "a column name may hold only lowercase letters a-z, digits, _ and . "
                                    "(is the header row missing?)");
            }
        }
        if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string_view::npos) {
            return header_error(name, "a dot must stand between two names, as in attributes.onderwerpen");
        }
        const auto [it, inserted] = index.emplace(name, i);
        if (!inserted) {
            return header_error(name, fmt::format("duplicate column (columns {} and {})", it->second + 1, i + 1));
        }
        columns_.emplace_back(name);
    }

    if ((kind_override_ && *kind_override_ == "bag") || (!index.contains("kind") && looks_like_bag_list(columns_))) {
        bag_ = TRY(bag_columns(columns_));
        return ok_status();
    }

    // `attributes` and `attributes.bron` cannot both be columns: the field
    // would be a value and a group of fields at once.
    std::unordered_set<std::string_view> top_level;
    paths_.reserve(columns_.size());  // top_level keeps views of the keys
    for (const std::string& name : columns_) {
        for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
            const auto prefix = index.find(std::string_view(name).substr(0, dot));
            if (prefix != index.end()) {
                return header_error(name, fmt::format("conflicts with column {}: a field cannot be both a "
                                                      "value and a group of fields",
                                                      prefix->first));
            }
        }
        paths_.push_back(ColumnPath{split_path(name)});
        top_level.insert(std::string_view(paths_.back().keys.front()));
    }

    if (const auto kind = index.find("kind"); kind != index.end()) kind_column_ = kind->second;
    if (!kind_column_ && !kind_override_) {
        return header_error("kind", "there is no kind column and no kind was given on the command line");
    }
    top_level_keys_ = top_level.size() + (kind_column_ ? 0 : 1);
    return ok_status();
}

bool CsvReader::next(CsvRecord& out, std::vector<FieldError>& errors) {
    Line line;
    for (;;) {
        if (!lines_->next(line)) return false;
        if (line.text.empty()) continue;
        tokenizer_.read_row(line, row_);
        // A row cut short by a failing input is not the partner's mistake;
        // the LineReader's error says what happened.
        if (lines_->error()) return false;
        // The cell contents are stored back to back, so no text means that
        // every cell is empty: a blank spreadsheet row.
        if (row_.text.empty() && row_.problems.empty()) continue;
        out.line = row_.first_line;
        out.ok = check_row(errors);
        out.record = out.ok ? build_record() : boost::json::object();
        return true;
    }
}

std::vector<std::string_view> CsvReader::last_cells() const {
    std::vector<std::string_view> cells;
    cells.reserve(row_.cell_count());
    for (size_t i = 0; i < row_.cell_count(); ++i) cells.push_back(row_.cell(i));
    return cells;
}

std::string CsvReader::field_name(size_t cell) const { return cell < columns_.size() ? columns_[cell] : "-"; }

bool CsvReader::check_row(std::vector<FieldError>& errors) const {
    const size_t before = errors.size();
    const int64_t line = row_.first_line;
    for (const CsvProblem& problem : row_.problems) {
        switch (problem.kind) {
            case CsvProblemKind::TextAfterQuote:
                errors.push_back({line, field_name(problem.cell),
                                  "text after the closing quote; write a quote inside a quoted cell as \"\""});
                break;
            case CsvProblemKind::UnterminatedQuote:
                errors.push_back(
                    {line, field_name(problem.cell),
                     row_.last_line == line
                         ? std::string("quoted cell is not closed before the end of the file")
                         : fmt::format("quoted cell is not closed before the end of the file; lines {}-{} were "
                                       "read as this one row",
                                       line, row_.last_line)});
                // The cells of this row are not what the partner meant; counting them says nothing more.
                return false;
            case CsvProblemKind::RowTooLarge:
                errors.push_back({line, field_name(problem.cell),
                                  fmt::format("quoted cell is still open after {} MiB (lines {}-{}); the quote "
                                              "is taken to be a mistake, these lines are skipped",
                                              CsvTokenizer::kMaxRowBytes >> 20, line, row_.last_line)});
                return false;
        }
    }
    const size_t cells = row_.cell_count();
    if (cells > columns_.size()) {
        errors.push_back({line, "-", fmt::format("too many cells: {}, header has {}", cells, columns_.size())});
    } else if (cells < columns_.size()) {
        errors.push_back({line, "-", fmt::format("missing cells: row has {}, header has {}", cells, columns_.size())});
    }
    // JSON text is UTF-8; a spreadsheet saved as "CSV" (Windows-1252) is not.
    if (!is_ascii(row_.text)) {
        for (size_t i = 0; i < cells && i < columns_.size(); ++i) {
            if (!is_valid_utf8(row_.cell(i))) {
                errors.push_back({line, columns_[i], "not valid UTF-8; save the file as CSV UTF-8"});
            }
        }
    }
    return errors.size() == before;
}

boost::json::object CsvReader::build_record() const {
    if (bag_) return bag_address(*bag_, row_);
    boost::json::object record;
    record.reserve(top_level_keys_);
    if (!kind_column_) record.emplace("kind", *kind_override_);
    for (size_t i = 0; i < columns_.size(); ++i) {
        std::string_view value = row_.cell(i);
        if (value.empty()) {
            if (kind_column_ != i || !kind_override_) continue;  // an empty cell: the field is absent
            value = *kind_override_;
        }
        const std::vector<std::string>& keys = paths_[i].keys;
        boost::json::object* target = &record;
        for (size_t k = 0; k + 1 < keys.size(); ++k) {
            boost::json::value& group = (*target)[keys[k]];
            if (!group.is_object()) group.emplace_object();  // the group's first field
            target = &group.get_object();
        }
        target->emplace(keys.back(), value);
    }
    return record;
}

}  // namespace grip::ingest
