#pragma once
// Retention (a role of Store, storage/store.h): removing personal data and
// texts past their period, so that the figures stay.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "records/kind.h"
#include "storage/record_store.h"

namespace grip::storage {

// What `grip retention run` removes.
class RetentionStore {
public:
    virtual ~RetentionStore() = default;

    // Retention (grip retention run): removes a record's sealed personal
    // data from its current version and from every version in the history,
    // and every reference grant to it. Its other fields, its subject id and
    // the figures stay, so that past counts do not change.
    virtual Status erase_sealed(records::Kind kind, std::string_view id) = 0;
    // Replaces a subject's pseudonym by `replacement` (random bytes): no
    // BSN or address leads to the subject any more, while the records and
    // figures that carry its id still count it once.
    virtual Status unlink_subject(int64_t subject, const Pseudonym& replacement) = 0;
    // Replaces the texts of a closed case past its period: every event's data
    // by kErasedCaseText, the case's own data by `data` (its links, without
    // the values of its inputs). The case's states and dates stay.
    virtual Status erase_case_texts(int64_t case_id, std::string_view data) = 0;
};

}  // namespace grip::storage
