#pragma once
// Validation of one record of the exchange format: unknown fields, types,
// values from the catalogue, dates, the BSN eleven test. Pure: references to
// other records are listed in the result and checked by the caller against
// the delivery and the store. Messages name the field and what is wrong,
// never the value (it may be personal data).

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "records/record.h"

namespace grip::records {

struct FieldError {
    std::string field;  // "-" when the error is about the whole line
    std::string message;
};

// NDJSON carries typed values; a CSV cell is text and is converted to the
// type the field needs.
enum class ValueSource { Json, Text };

struct Validation {
    std::optional<Record> record;
    std::vector<FieldError> errors;
};

Validation validate_record(const boost::json::object& raw, const catalogue::Catalogue& catalogue, ValueSource source);

// What is wrong with a text (without repeating it): control characters
// (line ends and tabs allowed when `multiline`), characters that change the
// writing direction, or more than `max_length` characters.
std::optional<std::string> text_problem(std::string_view text, size_t max_length, bool multiline);

// Postcode in normal form "1234AB", or empty when it is not a Dutch postcode.
std::string normalise_postcode(std::string_view);

}  // namespace grip::records
