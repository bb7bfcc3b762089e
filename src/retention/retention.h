#pragma once
// Retention: personal data is kept no longer than the catalogue says
// (catalogue::Retention). A person or an address whose period has passed
// loses its personal data: its sealed fields (names, BSN, postcode, house
// number, street) in the current version and in every version of the
// history, its reference grants, and the link from its BSN or address to its
// subject (the pseudonym is replaced by random bytes). What stays is what the
// figures are made of (the subject id, nationality, year of birth, area), so
// that the counts of past periods do not change. See docs/retention.md.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "casework/workflow.h"
#include "catalogue/catalogue.h"
#include "common/date.h"
#include "common/result.h"
#include "privacy/processing_log.h"
#include "storage/store.h"

namespace grip::retention {

// One record whose personal data goes.
struct Expired {
    records::Kind kind = records::Kind::Person;
    std::string id;
    int64_t subject = 0;  // the record's subject id (0: none)
    Date kept_until;      // the last day of its period
};

// A closed case whose texts go.
struct ExpiredCase {
    int64_t id = 0;
    std::string subject_kind, subject_id;  // what the case is about
    Date kept_until;
};

struct Plan {
    Date as_of;
    std::vector<Expired>
        records;  // persons and addresses in id order per kind, then withdrawn activities whose reason goes
    std::vector<ExpiredCase> cases;                // closed cases past their case type's period
    std::vector<int64_t> subjects;                 // subjects whose every record expired: their links go
    int64_t kept_persons = 0, kept_addresses = 0;  // still within their period
    int64_t count(records::Kind kind) const;
};

// What would go on `as_of`: every person and address past its period that
// still holds sealed data, and every closed case past its case type's period
// (`workflows`; none when null) whose texts are still there. Reads the store
// only.
Result<Plan> plan(storage::Store& store, const catalogue::Catalogue& catalogue, const casework::Workflows* workflows,
                  Date as_of);

// Removes what the plan lists, in transactions of `batch` records, calling
// `done` after each committed batch (for the processing log and progress).
// A run that is cut off leaves whole batches done: running again finishes
// the rest (what was erased is no longer planned).
Status apply(storage::Store& store, const Plan& plan, size_t batch,
             const std::function<Status(const std::vector<Expired>&)>& done);

// Removes the texts of the plan's cases (one transaction), then calls `done`.
Status apply_cases(storage::Store& store, const Plan& plan,
                   const std::function<Status(const std::vector<ExpiredCase>&)>& done);

// Applies the plan (records in batches of `batch`, then the cases) and
// writes an `erase` entry per record and case to the processing log, from
// `base` (actor, processing activity, trace, municipality): ids and
// pseudonyms, never a value. `progress` hears how many records are done.
// The number of records and cases whose personal data went.
Result<int64_t> apply_and_log(storage::Store& store, const Plan& plan, size_t batch, privacy::ProcessingLog& log,
                              const privacy::Keyring& keys, const privacy::LogEntry& base,
                              const std::function<void(size_t)>& progress = {});

// `years` whole years after `day` (29 February becomes 28 February).
Date add_years(Date day, int years);

}  // namespace grip::retention
