#pragma once
// Reads the CSV variant of the exchange format (for spreadsheets) and turns
// each data row into the JSON object the same record would have in NDJSON,
// so that one validator checks both formats.
//
// - The first line is the header with the field names: lowercase letters,
//   digits, `_` and `.`. The separator, `,` or `;`, is the one the header
//   uses most outside quotes. A UTF-8 byte order mark is skipped.
// - A dotted name is a nested field: a column `attributes.onderwerpen` gives
//   {"attributes": {"onderwerpen": "..."}}.
// - Every value is a JSON string, exactly as in the cell: the validator knows
//   the types and turns "12", "true", "2024-01-31" and "a|b" into what they
//   are. An empty cell means the field is absent.
// - The kind comes from a `kind` column, or from the command line
//   (kind_override) when there is none or its cell is empty.
// - A BAG-style address list (bag_address_list.h) is read as address
//   records: detected by its header (postcode, huisnummer and a BAG id, no
//   kind column) or asked for with the kind `bag`.
// - Blank lines, and rows whose cells are all empty (a spreadsheet writes a
//   blank row as ";;;;"), are skipped.
//
// Messages never contain cell values (they are personal data): they name the
// line and the column.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/result.h"
#include "ingest/bag_address_list.h"
#include "ingest/csv_tokenizer.h"
#include "ingest/line_reader.h"

namespace grip::ingest {

struct FieldError {
    int64_t line = 0;
    std::string field;  // "-" when the error is not about one field
    std::string message;
};

struct CsvRecord {
    int64_t line = 0;  // the line the row starts on; the header is line 1
    boost::json::object record;
    // False when the row is malformed: `record` is empty then, and the
    // reasons were appended to the errors given to next().
    bool ok = true;
};

class CsvReader {
public:
    // Reads and checks the header. Fails with a message "1: <column>: ..."
    // (the column's name, or "column N" when the name itself is wrong, or
    // "-") when the header is empty or has an empty, badly formed or duplicate
    // name, or when there is neither a `kind` column nor a kind_override.
    // A read error of the LineReader is passed on as it is.
    static Result<CsvReader> create(LineReader& lines, std::optional<std::string> kind_override);

    // Reads the next data row into `out` and returns true; returns false at
    // the end. A malformed row (a quoting mistake, too many or too few cells,
    // invalid UTF-8) comes back with out.ok == false and an empty record, and
    // its errors are appended to `errors` (each with the row's first line);
    // the next call reads on with the next row.
    // False can also mean that the LineReader failed: check its error().
    bool next(CsvRecord& out, std::vector<FieldError>& errors);

    // The cells of the row last returned by next(), unquoted, in file order
    // (a malformed row may have more or fewer than columns()). For writing a
    // rejected row to a reject file; the views are valid until the next call.
    std::vector<std::string_view> last_cells() const;

    const std::vector<std::string>& columns() const { return columns_; }
    char separator() const { return tokenizer_.separator(); }
    // Whether the file is a BAG-style address list (its columns are the BAG's, not the exchange format's).
    bool is_bag_list() const { return bag_.has_value(); }

private:
    // A column's place in the record: one key, or the keys of a nested path.
    struct ColumnPath {
        std::vector<std::string> keys;
    };

    CsvReader(LineReader& lines, char separator) : lines_(&lines), tokenizer_(lines, separator) {}
    Status read_header(Line first);
    bool check_row(std::vector<FieldError>& errors) const;
    boost::json::object build_record() const;
    std::string field_name(size_t cell) const;

    LineReader* lines_;
    CsvTokenizer tokenizer_;
    std::vector<std::string> columns_;
    std::vector<ColumnPath> paths_;
    size_t top_level_keys_ = 0;
    std::optional<size_t> kind_column_;
    std::optional<std::string> kind_override_;
    CsvRow row_;
    // A BAG-style address list (bag_address_list.h): its columns.
    std::optional<BagColumns> bag_;
};

}  // namespace grip::ingest
