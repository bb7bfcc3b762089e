#pragma once
// Applies validated records to the store inside a delivery's transaction:
// detects unchanged records, keeps versions, withdraws, pseudonymises and
// seals personal data, and keeps the maintained figures in step (an
// activity's contribution is removed before anything it depends on changes
// and added again once the change is written).

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "catalogue/catalogue.h"
#include "indicators/fact_resolver.h"
#include "indicators/figure_keeper.h"
#include "ingest/person_links.h"
#include "privacy/keyring.h"
#include "records/record.h"
#include "storage/store.h"

namespace grip::ingest {

enum class RefState { Exists, Withdrawn, Missing };
enum class WriteOutcome { Stored, Replaced, Withdrawn, Unchanged };

// What apply() works out from a record and the keys alone, before it looks
// at the store: the content hash of the record and its personal data
// sealed. Pure, so the bulk path works it out on its parallel threads
// (bulk_validate.h), many records at once, and apply() takes it as it is.
struct PreparedWrite {
    storage::ContentHash hash{};
    std::string sealed;  // empty when the record holds no personal data, or is withdrawn
};

// The PreparedWrite of a record; thread-safe (it reads the keys only).
PreparedWrite prepare_write(const privacy::Keyring& keys, const records::Record& record);

class RecordWriter {
public:
    RecordWriter(storage::Store& store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys);

    // Prepares the figures (rebuilding them if the counting rules changed).
    Status prepare();
    void set_delivery(int64_t id) { delivery_ = id; }
    // The memory budget of the caches, in entries per cache.
    void set_cache_limit(size_t entries);

    Result<RefState> reference(records::Kind kind, const std::string& id);
    // Applies one record. A withdrawal of a record that does not exist is an
    // error (Error::not_found), for the caller to report on the line.
    Result<WriteOutcome> apply(const records::Record& record);
    // The same with its PreparedWrite worked out already (prepare_write).
    Result<WriteOutcome> apply(const records::Record& record, const PreparedWrite& prepared);
    // Whose personal data the last apply() touched: whether the record holds
    // personal data (a person, an address, an activity about one) and its
    // data subject (0 when unknown). A withdrawal is judged by the version
    // it withdraws.
    struct Touched {
        bool personal = false;
        int64_t subject = 0;
    };
    const Touched& last_touched() const { return touched_; }
    // Whether apply() works out last_touched() (only a delivery that logs
    // what it touched needs it: it costs a lookup per withdrawn activity).
    void set_note_touched(bool on) { note_touched_ = on; }
    // Adds what is still missing to the figures and writes them.
    Status finish();

private:
    Status before_change(const records::Record& incoming, const std::optional<storage::StoredRecord>& existing,
                         int64_t subject);
    Status after_change(const records::Record& record, int64_t subject);
    Status subtract_activity(const records::Record& activity);
    Status subtract_referring(records::Kind kind, const std::string& id);
    Status regroup(const records::Record& person, int64_t& subject);
    Status ensure_areas();
    Result<int64_t> subject_of(const records::Record& record);
    Status note_touched(const records::Record& record, const std::optional<storage::StoredRecord>& existing,
                        int64_t subject);

    storage::Store& store_;
    const privacy::Keyring& keys_;
    indicators::FigureKeeper figures_;
    indicators::FactResolver resolver_;
    indicators::ResolvedActivity scratch_;
    PersonLinks links_;
    int64_t delivery_ = 0;
    Touched touched_;
    bool note_touched_ = false;
    // Activities whose contribution is not counted now and must be added
    // again when the delivery ends.
    std::unordered_set<std::string> uncounted_;
    // Whether a record exists (true) or is withdrawn (false), per kind and id.
    std::unordered_map<std::string, bool> known_[9];
    size_t cache_limit_ = 1'000'000;
    bool areas_stale_ = false;
    bool rebuild_ = false;
};

}  // namespace grip::ingest
