#pragma once
// Keeps the maintained figures of the store in step with the records: every
// change of an activity adds or removes its contribution inside the same
// transaction as the change, so a committed delivery is counted at once.
// Membership rows of distinct tallies are cached in memory during a delivery
// and written in one go.

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "catalogue/catalogue.h"
#include "indicators/area_tree.h"
#include "indicators/cells.h"
#include "indicators/fact_resolver.h"
#include "indicators/tally.h"
#include "storage/store.h"

namespace grip::indicators {

class FigureKeeper {
public:
    FigureKeeper(storage::Store& store, const catalogue::Catalogue& catalogue);

    Status load_areas();
    const AreaTree& areas() const { return areas_; }

    // Subjects above this id were made during this delivery: the store has
    // no memberships for them, so none are read.
    void set_subject_floor(int64_t last_stored_subject) {
        subject_floor_ = last_stored_subject;
        flushed_.clear();
    }

    // Beyond this many cached memberships the cache is written out and
    // emptied, which keeps the memory of a 10M-activity delivery bounded.
    void set_cache_limit(size_t entries) { cache_limit_ = entries; }

    // Adds (+1) or removes (-1) one activity's contribution.
    Status apply(const ActivityFacts& facts, int sign);
    // Writes the cached memberships and the changed cells to the store.
    Status flush();
    // Recomputes every figure from the records (after a change of the
    // catalogue's counting rules or of the area hierarchy).
    Status rebuild(FactResolver& resolver, const std::function<void(int64_t)>& progress = {});

    // Rebuilds when the store's figures were made with other counting rules.
    Status ensure_current(FactResolver& resolver, const std::function<void(int64_t)>& progress = {});

private:
    // The catalogue the figures of the connection's municipality were
    // counted with (each municipality's figures are counted on their own).
    std::string fingerprint_key() const { return "catalogue_fingerprint/" + store_.municipality(); }
    struct MemberKey {
        int32_t tally;
        int64_t subject;
        bool operator==(const MemberKey&) const = default;
    };
    struct MemberKeyHash {
        size_t operator()(const MemberKey& k) const { return std::hash<int64_t>{}(k.subject * 131 + k.tally); }
    };
    struct MemberEntry {
        std::vector<MemberRow> rows;
        bool dirty = false;
        bool stored = false;  // the store has rows for it
    };

    storage::Store& store_;
    const catalogue::Catalogue& catalogue_;
    std::vector<Tally> tallies_;
    AreaTree areas_;
    CellDeltas cells_;
    FineDeltas fine_;
    int64_t subject_floor_ = INT64_MAX;
    // The (tally, subject) pairs of new subjects written out by an earlier
    // flush of this delivery, one sorted batch per flush: only these of the
    // new subjects have rows in the store.
    std::vector<std::vector<uint64_t>> flushed_;
    static uint64_t packed(int32_t tally, int64_t subject);
    bool flushed_new(int32_t tally, int64_t subject) const;
    size_t cache_limit_ = 1'500'000;
    std::unordered_map<std::string, std::vector<int32_t>> tallies_by_type_;
    std::unordered_map<MemberKey, MemberEntry, MemberKeyHash> members_;
    Status member_change(int32_t tally, int64_t subject, int32_t month, int32_t area, int sign);
};

}  // namespace grip::indicators
