#pragma once
// The key two person records without a BSN are matched on (people without a
// BSN, docs/exchange-format.md): their names without diacritics, case folded,
// the words in alphabetical order, so that "José van der Berg" and
// "BERG, Jose van der" are the same name, whichever part is the given name.

#include <string>
#include <string_view>

namespace grip::records {

// The normalised name of given and family name together; empty when both are.
std::string name_key(std::string_view given_name, std::string_view family_name);

}  // namespace grip::records
