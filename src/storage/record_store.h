#pragma once
// The store's records (a role of Store, storage/store.h): the current
// version of each record with its history, the subjects (pseudonymous persons
// and addresses), the deliveries, the lists of current records and the
// reference grants.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "records/record.h"

namespace grip::storage {

using Pseudonym = std::array<unsigned char, 16>;
using ContentHash = std::array<unsigned char, 16>;

// The current version of a record as stored.
struct StoredRecord {
    records::Record record;  // personal fields are absent; see `sealed`
    int64_t seq = 0;         // version number, 1 for the first
    int64_t delivery = 0;
    bool withdrawn = false;
    ContentHash hash{};
    int64_t subject = 0;  // persons and addresses: their subject id
    std::string sealed;   // personal fields, encrypted
};

// What the store keeps besides the record's own fields.
struct WriteMeta {
    int64_t delivery = 0;
    bool previous = false;  // a version of the record is stored already
    ContentHash hash{};
    int64_t subject = 0;
    std::string sealed;
};

struct DeliveryInfo {
    std::string source;        // file name (never its contents)
    std::string format;        // ndjson, csv
    std::string content_hash;  // hex digest of the file, to see it again
    int64_t user = 0;          // the server's user who sent it; 0 for the command line
};

struct DeliveryCounts {
    int64_t read = 0, stored = 0, replaced = 0, withdrawn = 0, unchanged = 0, rejected = 0;
};

struct DeliverySummary {
    int64_t id = 0;
    DeliveryInfo info;
    std::string started_at, finished_at, status;
    DeliveryCounts counts;
};

struct HistoryEntry {
    int64_t seq = 0;
    int64_t delivery = 0;
    bool withdrawn = false;
    std::string recorded_at;
    boost::json::object fields;  // without personal fields
};

// What came in from one source for one period (the delivery calendar and the
// per-location checks, src/quality/): the current, not withdrawn activities
// of a type with the same organisation and location dated in one month, or
// the aggregates of a type from one organisation for one period. A record
// "came in" when its first version was stored (its history's version 1):
// corrections later do not move it.
struct SourceArrival {
    records::Kind kind = records::Kind::Activity;  // activity or aggregate
    std::string type;
    std::string organisation, location;  // empty when the records name none
    std::string period;                  // activities: the month (YYYY-MM); aggregates: their period
    int64_t records = 0;
    std::string first_at, last_at;  // when the first and the last of them came in (UTC, ISO 8601)
};

// Which current records a list returns. Empty members do not filter.
struct RecordFilter {
    std::string type;                // activity, location, organisation, aggregate, motion: its type
    std::string date_from, date_to;  // inclusive, on `date` (activities), `adopted` (motions), `period` (aggregates)
    std::vector<std::string> areas;  // the record's own `area` is one of these codes
    std::string location;            // activities: `location`
    std::string organisation;        // activities, aggregates: `organisation`
    std::string person, address;     // activities: `person`, `address`
    int64_t subject = 0;             // persons and addresses: this data subject
    // Need-to-know scope: only activities with `organisation` equal to
    // scope_organisation or `location` in scope_locations (when either is set).
    std::string scope_organisation;
    std::vector<std::string> scope_locations;
    bool scoped = false;
    bool include_withdrawn = false;
};

// Records, subjects, deliveries and lists of records.
class RecordStore {
public:
    virtual ~RecordStore() = default;

    // Records.
    virtual Result<std::optional<StoredRecord>> current(records::Kind kind, std::string_view id) = 0;
    // Writes a new version; the previous one, if any, goes to the history.
    virtual Status write(const records::Record& record, const WriteMeta& meta) = 0;
    // Writes the first version of a record that is not stored yet; false
    // (and nothing written) when a version exists.
    virtual Result<bool> write_new(const records::Record& record, const WriteMeta& meta) = 0;
    // The ids of the current activities whose `field` refers to `id`.
    virtual Result<std::vector<std::string>> activities_referring(std::string_view field, std::string_view id) = 0;
    virtual Result<std::vector<StoredRecord>> all_current(records::Kind kind) = 0;
    // The current persons whose `same_as` is this person (people without a
    // BSN, linked as one human), in id order.
    virtual Result<std::vector<std::string>> persons_linking(std::string_view id) = 0;
    // Sets the subject of a record's current version, without a new version:
    // a person joins or leaves the human of the persons linked to it.
    virtual Status set_subject(records::Kind kind, std::string_view id, int64_t subject) = 0;
    // Calls `each` for every current, not withdrawn activity, in id order.
    virtual Status for_each_activity(const std::function<Status(const StoredRecord&)>& each) = 0;
    virtual Result<std::vector<HistoryEntry>> history(records::Kind kind, std::string_view id) = 0;
    virtual Result<int64_t> count_current(records::Kind kind) = 0;

    // Subjects: the same pseudonym is the same person (or address).
    virtual Result<int64_t> subject(const Pseudonym& pseudonym) = 0;
    // The subject of a pseudonym if there is one (never creates it).
    virtual Result<std::optional<int64_t>> find_subject(const Pseudonym& pseudonym) = 0;
    // The highest subject id so far: subjects above it are new.
    virtual Result<int64_t> last_subject() = 0;

    // Deliveries.
    virtual Result<int64_t> start_delivery(const DeliveryInfo& info) = 0;
    virtual Status finish_delivery(int64_t id, const DeliveryCounts& counts, std::string_view status) = 0;
    virtual Result<std::optional<DeliverySummary>> delivery_with_hash(std::string_view content_hash) = 0;
    virtual Result<std::vector<DeliverySummary>> deliveries() = 0;

    // Lists of current records in id order, after `after_id` (cursor), at most `limit`.
    virtual Result<std::vector<StoredRecord>> list_current(records::Kind kind, const RecordFilter& filter,
                                                           std::string_view after_id, int limit) = 0;
    // What came in per source (see SourceArrival): activities dated in
    // [date_from, date_to] of `activity_types` (empty: every type) and
    // aggregates whose period lies in those years.
    virtual Result<std::vector<SourceArrival>> source_arrivals(std::string_view date_from, std::string_view date_to,
                                                               const std::vector<std::string>& activity_types) = 0;
    // Whether some current activity matches the filter (for need-to-know checks).
    virtual Result<bool> any_activity(const RecordFilter& filter) = 0;
    // Reference grants: the persons and addresses an own-scope user may refer
    // to although no activity of theirs refers to them yet, because the user
    // registered them or found them by a (logged) BSN search. A grant is
    // the user's own, in the scope's municipality, and short-lived: once the
    // user's activity refers to the record, need-to-know follows from that
    // activity. Grants are not moved by `grip migrate`. Times are seconds
    // since the Unix epoch; granting again extends a grant, and removes the
    // user's grants that expired by `now`.
    virtual Status grant_reference(int64_t user, records::Kind kind, std::string_view id, int64_t now,
                                   int64_t expires_at) = 0;
    virtual Result<bool> has_reference_grant(int64_t user, records::Kind kind, std::string_view id, int64_t now) = 0;
};

}  // namespace grip::storage
