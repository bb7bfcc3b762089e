#pragma once
// The bulk import path's first stage: NDJSON lines parsed and validated in
// parallel on every core, handed on in file order. Parsing and validation
// are pure (records/validator.h), so a line's outcome does not depend on the
// thread that looked at it; everything that depends on other lines (the
// references, the versions of one record, the store) stays with the one
// thread that places the records (delivery.cpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "common/result.h"
#include "ingest/line_reader.h"
#include "ingest/record_writer.h"
#include "privacy/keyring.h"
#include "records/validator.h"

namespace grip::ingest {

// One line of the file after the parallel stage.
struct CheckedLine {
    int64_t number = 0;
    std::string text;  // the line as delivered: kept for errors and rejects
    // Set when the line is not a JSON object: the field ("-" or a key given
    // twice) and the message, as the record-at-a-time path says them.
    std::optional<std::pair<std::string, std::string>> parse_error;
    boost::json::object raw;
    records::Validation validation;
    // For a valid record: what the writer works out from it and the keys
    // alone (record_writer.h), worked out here on the parallel threads.
    std::optional<PreparedWrite> prepared;
};

// The threads of the parallel stage: every core, at least one.
unsigned bulk_threads();

// Reads every line of `lines`, parses and validates the non-blank ones on
// `threads` threads in batches, and calls `each` with them in file order.
// One batch is checked while the one before is handed on, so the stage that
// places records runs beside the parsing. Reading stops when `each` fails
// or `stop` says so; `batch_read` is told after each batch (for progress).
// With `keys`, each valid record's PreparedWrite is worked out too.
Status check_lines_in_parallel(LineReader& lines, const catalogue::Catalogue& catalogue, const privacy::Keyring* keys,
                               unsigned threads, const std::function<Status(CheckedLine&)>& each,
                               const std::function<bool()>& stop,
                               const std::function<void(int64_t lines_read)>& batch_read);

}  // namespace grip::ingest
