#include "generator/date_text.h"

#include <cstring>
#include <stdexcept>

namespace grip::generator {

DateText::DateText(int first_year, int last_year) : first_(Date::from_ymd(first_year, 1, 1)) {
    const Date last = Date::from_ymd(last_year, 12, 31);
    text_.reserve(static_cast<size_t>(last.days() - first_.days() + 1));
    for (Date d = first_; d <= last; d = d + 1) {
        const std::string iso = d.iso();
        std::array<char, 10> cell{};
        std::memcpy(cell.data(), iso.data(), cell.size());
        text_.push_back(cell);
    }
}

std::string_view DateText::operator()(Date d) const {
    const int32_t index = d.days() - first_.days();
    // The generator only makes dates inside the table's range; anything else
    // is a bug in the generator, not a condition of the input.
    if (index < 0 || static_cast<size_t>(index) >= text_.size())
        throw std::logic_error("generator date outside its table");
    return {text_[static_cast<size_t>(index)].data(), 10};
}

}  // namespace grip::generator
