#include "records/name_key.h"

#include <algorithm>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace grip::records {

namespace {

// Decomposed (NFD), without the combining marks, case folded.
std::string folded(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) return std::string(text);
    icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                       status);
    if (U_FAILURE(status)) return std::string(text);
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        // Hyphens, apostrophes and commas separate words like spaces do.
        bare.append(u_isalnum(c) ? c : UChar32(' '));
    }
    bare.foldCase();
    std::string out;
    bare.toUTF8String(out);
    return out;
}

}  // namespace

std::string name_key(std::string_view given_name, std::string_view family_name) {
    std::string all = folded(given_name) + " " + folded(family_name);
    std::vector<std::string> words;
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find(' ', start);
        if (end == std::string::npos) end = all.size();
        if (end > start) words.push_back(all.substr(start, end - start));
        start = end + 1;
    }
    std::sort(words.begin(), words.end());
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

}  // namespace grip::records
