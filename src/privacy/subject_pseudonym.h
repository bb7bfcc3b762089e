#pragma once
// The pseudonym of a data subject as Grip shows it outside the store (a
// record's `_meta.subject`, the processing log, an access-request export):
// keyed per municipality, so that the staff of two municipalities cannot link
// a person by it. The store's own subject ids never leave it.

#include <cstdint>
#include <string>
#include <string_view>

#include "privacy/keyring.h"

namespace grip::privacy {

// 32 lowercase hex digits.
std::string subject_pseudonym(const Keyring& keys, std::string_view municipality, int64_t subject);

}  // namespace grip::privacy
