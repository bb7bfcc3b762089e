#pragma once
// A BAG-style address list as a delivery of address records: the CSV a
// municipality exports from the Basisregistratie Adressen en Gebouwen, one
// row per address (nummeraanduiding), so that it loads its addresses once.
// The columns (lowercase, any order, `,` or `;`):
//
//   nummeraanduiding_id (or bag_id, adresseerbaarobject_id, identificatie): the record's id
//   postcode, huisnummer                        (required)
//   huisletter, huisnummertoevoeging (or toevoeging): together the `suffix`
//   straat (or openbareruimtenaam)              the `street`
//   woonplaats (or woonplaatsnaam)              the `city`
//   buurtcode (or buurt)                        the `area` (a buurt the store must hold)
//
// The suffix is written as the BAG writes an address: the letter, then the
// addition, with a hyphen between them when there are both (12A-2, 12-bis,
// 12B). Any other column is refused (a typo must not lose data).

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/result.h"
#include "ingest/csv_tokenizer.h"

namespace grip::ingest {

struct BagColumns {
    size_t id = 0, postcode = 0, house_number = 0;
    std::optional<size_t> letter, addition, street, city, buurt;
};

// Whether a header (without a `kind` column) is a BAG-style address list:
// it has postcode, huisnummer and a BAG id column.
bool looks_like_bag_list(const std::vector<std::string>& columns);

// The columns of a BAG-style list; an error "1: <column>: ..." for a
// missing required column or an unknown one.
Result<BagColumns> bag_columns(const std::vector<std::string>& columns);

// The address record of a row (its cells in file order).
boost::json::object bag_address(const BagColumns& columns, const CsvRow& row);

// The suffix of an address from the BAG's huisletter and huisnummertoevoeging.
std::string bag_suffix(std::string_view letter, std::string_view addition);

}  // namespace grip::ingest
