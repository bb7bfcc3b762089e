#include "indicators/figure_keeper.h"

#include <algorithm>

namespace grip::indicators {

FigureKeeper::FigureKeeper(storage::Store& store, const catalogue::Catalogue& catalogue)
    : store_(store), catalogue_(catalogue), tallies_(tallies_for(catalogue)) {
    for (size_t i = 0; i < tallies_.size(); ++i)
        tallies_by_type_[tallies_[i].activity_type].push_back(static_cast<int32_t>(i));
}

Status FigureKeeper::load_areas() {
    areas_ = AreaTree(TRY(store_.areas()));
    return ok_status();
}

Status FigureKeeper::member_change(int32_t tally, int64_t subject, int32_t month, int32_t area, int sign) {
    auto [it, inserted] = members_.try_emplace(MemberKey{tally, subject});
    if (inserted && (subject <= subject_floor_ || flushed_new(tally, subject))) {
        it->second.rows = TRY(store_.members(tally, subject));
        it->second.stored = !it->second.rows.empty();
    }
    apply_member_change(tally, it->second.rows, month, area, sign, areas_, cells_);
    it->second.dirty = true;
    return ok_status();
}

uint64_t FigureKeeper::packed(int32_t tally, int64_t subject) {
    return (static_cast<uint64_t>(tally) << 48) | static_cast<uint64_t>(subject);
}

bool FigureKeeper::flushed_new(int32_t tally, int64_t subject) const {
    const uint64_t key = packed(tally, subject);
    for (const auto& batch : flushed_)
        if (std::binary_search(batch.begin(), batch.end(), key)) return true;
    return false;
}

Status FigureKeeper::apply(const ActivityFacts& facts, int sign) {
    std::optional<Error> failure;
    static const std::vector<int32_t> kNone;
    auto candidates = tallies_by_type_.find(std::string(facts.type));
    contribute(tallies_, candidates == tallies_by_type_.end() ? &kNone : &candidates->second, facts, sign, fine_,
               [&](int32_t tally, int64_t subject, int32_t month, int32_t area, int s) {
                   if (failure) return;
                   auto st = member_change(tally, subject, month, area, s);
                   if (!st) failure = st.take_error();
               });
    if (failure) return *failure;
    if (members_.size() > cache_limit_) TRY(flush());
    return ok_status();
}

Status FigureKeeper::flush() {
    // Written in key order, so the store's index grows at its end instead of
    // at random places: much faster once it no longer fits in memory. The
    // memberships the store holds already are deleted first, then every
    // membership's rows are added: a store that sends new rows in bulk
    // (PostgreSQL's COPY on the bulk path, storage/bulk_load.h) gets them
    // all in one run, not broken up by a replacement between every two.
    std::vector<std::pair<MemberKey, MemberEntry*>> dirty;
    dirty.reserve(members_.size());
    for (auto& [key, entry] : members_)
        if (entry.dirty) dirty.emplace_back(key, &entry);
    std::sort(dirty.begin(), dirty.end(), [](const auto& a, const auto& b) {
        return a.first.tally != b.first.tally ? a.first.tally < b.first.tally : a.first.subject < b.first.subject;
    });
    static const std::vector<MemberRow> kNoRows;
    for (const auto& [key, entry] : dirty)
        if (entry->stored) TRY(store_.put_members(key.tally, key.subject, kNoRows, true));
    std::vector<uint64_t> batch;
    for (const auto& [key, entry] : dirty) {
        TRY(store_.put_members(key.tally, key.subject, entry->rows, false));
        // A subject new in this delivery has rows in the store from now on.
        if (key.subject > subject_floor_) batch.push_back(packed(key.tally, key.subject));
    }
    if (!batch.empty()) flushed_.push_back(std::move(batch));  // sorted: `dirty` is in key order
    members_.clear();
    expand(fine_, areas_, cells_);
    fine_.clear();
    TRY(store_.add_cells(cells_));
    cells_.clear();
    return ok_status();
}

Status FigureKeeper::rebuild(FactResolver& resolver, const std::function<void(int64_t)>& progress) {
    TRY(store_.clear_figures());
    members_.clear();
    flushed_.clear();
    cells_.clear();
    fine_.clear();
    TRY(load_areas());
    resolver.clear();
    int64_t done = 0;
    ResolvedActivity resolved;
    TRY(store_.for_each_activity([&](const storage::StoredRecord& rec) -> Status {
        TRY(resolver.resolve(rec.record, areas_, resolved));
        TRY(apply(resolved.facts, +1));
        if (progress && ++done % 100000 == 0) progress(done);
        return ok_status();
    }));
    TRY(flush());
    return store_.set_meta(fingerprint_key(), catalogue_.counting_fingerprint);
}

Status FigureKeeper::ensure_current(FactResolver& resolver, const std::function<void(int64_t)>& progress) {
    TRY(load_areas());
    const auto stored = TRY(store_.meta(fingerprint_key()));
    if (stored && *stored == catalogue_.counting_fingerprint) return ok_status();
    TRY(store_.begin());
    auto st = rebuild(resolver, progress);
    if (!st) {
        store_.rollback();
        return st;
    }
    return store_.commit();
}

}  // namespace grip::indicators
