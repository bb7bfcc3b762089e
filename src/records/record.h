#pragma once
// A record of the exchange format after validation: its kind, its id and its
// fields in normal form (postcodes without space, integers as integers,
// lists as arrays), ready for storage.

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "records/kind.h"

namespace grip::records {

struct Reference {
    std::string_view field;
    Kind kind;
    std::string id;
};

struct Record {
    Kind kind = Kind::Activity;
    std::string id;
    bool withdrawn = false;
    // Every field of the kind that is present, including the id field.
    boost::json::object fields;

    // The records this one refers to, in field order.
    std::vector<Reference> references() const;
    // The value of a text field, or empty.
    std::string_view text(std::string_view field) const;
};

// What makes two address records one dwelling: the postcode (normal form),
// the house number and the suffix without spaces or hyphens, in capitals.
std::string address_key(std::string_view postcode, int64_t house_number, std::string_view suffix);

}  // namespace grip::records
