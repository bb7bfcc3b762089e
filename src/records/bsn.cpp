#include "records/bsn.h"

namespace grip::records {

bool is_valid_bsn(std::string_view bsn) {
    if (bsn.size() != 9) return false;
    int sum = 0;
    bool all_zero = true;
    for (size_t i = 0; i < 9; ++i) {
        const char c = bsn[i];
        if (c < '0' || c > '9') return false;
        const int d = c - '0';
        all_zero = all_zero && d == 0;
        sum += i < 8 ? d * static_cast<int>(9 - i) : -d;
    }
    return !all_zero && sum % 11 == 0;
}

}  // namespace grip::records
