#include "storage/municipality.h"

#include <fmt/format.h>

namespace grip::storage {

Status check_scope(std::string_view code) {
    if (code == kEveryMunicipality || is_municipality_code(code)) return ok_status();
    return Error::invalid(fmt::format("'{}' is not a municipality's CBS code (GM and four digits, GM0599)", code));
}

Status check_writable_scope(std::string_view code) {
    if (is_municipality_code(code)) return ok_status();
    return Error::invalid("writing needs one municipality, not every municipality of the store");
}

}  // namespace grip::storage
