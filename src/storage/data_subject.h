#pragma once
// Whose personal data a record is: the subject id of a person or an address,
// or of the person (else the address) an activity is about. For the
// processing log and the access-request export; 0 when a record is of no
// person. A withdrawn record has its subject by the version before.

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "storage/store.h"

namespace grip::storage {

Result<int64_t> data_subject(Store& store, records::Kind kind, std::string_view id);
// The same for a stored version (its fields, else its id's).
Result<int64_t> data_subject(Store& store, const StoredRecord& stored);

}  // namespace grip::storage
