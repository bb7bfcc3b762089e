#pragma once
// Reads of many rows in one statement, for the hot paths that would
// otherwise ask row by row: the persons of a page of activities (the API's
// lists) and the activities active on each day of the indicator grid
// (Engine::compute_many, one round trip on PostgreSQL instead of one per
// day). One of the store's roles (storage::Store takes it on), which each
// backend implements in one statement per call.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "records/record.h"
#include "storage/figure_store.h"

namespace grip::storage {

class BatchReads {
public:
    virtual ~BatchReads() = default;
    // The subjects of the current versions of these persons or addresses, by
    // id (0 for one without a subject); ids that are not stored are left out.
    virtual Result<std::unordered_map<std::string, int64_t>> subjects_of(records::Kind kind,
                                                                         const std::vector<std::string>& ids) = 0;
    // Which of these persons or addresses an own-scope user has in scope, in
    // one statement: an activity of `organisation` or at one of `locations`
    // refers to it (withdrawn or not), or `user` holds a reference grant for
    // it that runs past `now` (as Store::any_activity and
    // Store::has_reference_grant answer for one).
    virtual Result<std::unordered_set<std::string>> in_scope_ids(records::Kind kind,
                                                                 const std::vector<std::string>& ids,
                                                                 const std::string& organisation,
                                                                 const std::vector<std::string>& locations,
                                                                 int64_t user, int64_t now) = 0;
    // Store::active_on for each of the days, by day (every day is a key).
    virtual Result<std::map<std::string, std::vector<ActiveActivity>>> active_on_days(
        std::string_view type, const std::vector<std::string>& days) = 0;
};

}  // namespace grip::storage
