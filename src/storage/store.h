#pragma once
// The store: records with their version history, deliveries, subjects
// (pseudonymous persons and addresses), the figures maintained at write
// time, and the report's text blocks. One interface, one folder per backend;
// nothing outside storage/ writes SQL.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "indicators/area_tree.h"
#include "indicators/cells.h"
#include "records/record.h"

namespace grip::storage {

using Pseudonym = std::array<unsigned char, 16>;
using ContentHash = std::array<unsigned char, 16>;

// The current version of a record as stored.
struct StoredRecord {
    records::Record record;   // personal fields are absent; see `sealed`
    int64_t seq = 0;          // version number, 1 for the first
    int64_t delivery = 0;
    bool withdrawn = false;
    ContentHash hash{};
    int64_t subject = 0;      // persons and addresses: their subject id
    std::string sealed;       // personal fields, encrypted
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

// An activity that is active at a date (active_at_end), resolved.
struct ActiveActivity {
    int64_t person_subject = 0;
    int32_t area_id = 0;
};

struct ReportText {
    std::string block;
    std::string text;
    std::string updated_at;
};

class Store {
public:
    virtual ~Store() = default;

    // Transactions. A delivery is one transaction.
    virtual Status begin() = 0;
    virtual Status commit() = 0;
    virtual void rollback() = 0;

    // Small key-value settings: schema version, key check, catalogue fingerprint.
    virtual Result<std::optional<std::string>> meta(std::string_view key) = 0;
    virtual Status set_meta(std::string_view key, std::string_view value) = 0;

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
    // Calls `each` for every current, not withdrawn activity, in id order.
    virtual Status for_each_activity(const std::function<Status(const StoredRecord&)>& each) = 0;
    virtual Result<std::vector<HistoryEntry>> history(records::Kind kind, std::string_view id) = 0;
    virtual Result<int64_t> count_current(records::Kind kind) = 0;

    // Subjects: the same pseudonym is the same person (or address).
    virtual Result<int64_t> subject(const Pseudonym& pseudonym) = 0;
    // The highest subject id so far: subjects above it are new.
    virtual Result<int64_t> last_subject() = 0;

    // Deliveries.
    virtual Result<int64_t> start_delivery(const DeliveryInfo& info) = 0;
    virtual Status finish_delivery(int64_t id, const DeliveryCounts& counts, std::string_view status) = 0;
    virtual Result<std::optional<DeliverySummary>> delivery_with_hash(std::string_view content_hash) = 0;
    virtual Result<std::vector<DeliverySummary>> deliveries() = 0;

    // Areas with their stable ids.
    virtual Result<std::vector<indicators::AreaInfo>> areas() = 0;

    // Maintained figures.
    virtual Result<std::vector<indicators::MemberRow>> members(int32_t tally, int64_t subject) = 0;
    // Writes a subject's rows; `replace`: the store has rows for it already.
    virtual Status put_members(int32_t tally, int64_t subject, const std::vector<indicators::MemberRow>& rows,
                               bool replace) = 0;
    virtual Status add_cells(const indicators::CellDeltas& deltas) = 0;
    virtual Status clear_figures() = 0;
    // Cells for the given period keys (all areas when area_keys is empty).
    virtual Result<std::vector<std::pair<indicators::CellKey, int64_t>>> cells(
        const std::vector<int32_t>& period_keys, const std::vector<int32_t>& area_keys) = 0;

    // Activities of a type active on a date: date <= day and (no end_date or end_date >= day).
    virtual Result<std::vector<ActiveActivity>> active_on(std::string_view type, std::string_view day) = 0;

    // Report text blocks per year.
    virtual Result<std::vector<ReportText>> report_texts(int year) = 0;
    virtual Status set_report_text(int year, std::string_view block, std::string_view text) = 0;

    // Durability and housekeeping.
    virtual Result<std::string> integrity_check() = 0;
};

// Opens the store named by `location`: a file path for SQLite. Creates it and
// runs the schema migrations when needed.
Result<std::unique_ptr<Store>> open_store(const std::string& location);

}  // namespace grip::storage
