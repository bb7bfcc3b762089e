#include "privacy/subject_pseudonym.h"

#include <fmt/format.h>
#include <sodium.h>

namespace grip::privacy {

std::string subject_pseudonym(const Keyring& keys, std::string_view municipality, int64_t subject) {
    const auto p = keys.pseudonym(fmt::format("subject:{}", municipality), std::to_string(subject));
    std::string out(p.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p.data(), p.size());
    out.pop_back();
    return out;
}

}  // namespace grip::privacy
