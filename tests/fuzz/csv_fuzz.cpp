// A CSV delivery: the header, then every row through the tokenizer and the
// reader, and each row's object through the validator (cells are text), as
// ingest/delivery.cpp does. The first byte picks a kind given on the command
// line (or none), so that files without a `kind` column are reached too.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "ingest/csv_reader.h"
#include "records/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::optional<std::string> kind;
    if (data[0] % 3 == 1) kind = "activity";
    if (data[0] % 3 == 2) kind = "person";
    // Small blocks and a small line limit: the paths where a line or a quoted
    // cell crosses a block, or runs over the limit, are reached with small inputs.
    grip::ingest::LineReaderOptions options;
    options.block_size = 64;
    options.max_line_bytes = 4096;
    auto lines =
        grip::ingest::LineReader::from_string(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), options);
    auto reader = grip::ingest::CsvReader::create(*lines, kind);
    if (!reader) return 0;
    grip::ingest::CsvRecord row;
    std::vector<grip::ingest::FieldError> errors;
    while (reader->next(row, errors)) {
        (void)reader->last_cells();
        if (row.ok)
            (void)grip::records::validate_record(row.record, grip::fuzz::shipped_catalogue(),
                                                 grip::records::ValueSource::Text);
        errors.clear();
    }
    return 0;
}
