#include "storage/batch_reads.h"

namespace grip::storage {

Result<std::unordered_map<std::string, int64_t>> subjects_of(Store& store, records::Kind kind,
                                                             const std::vector<std::string>& ids) {
    if (auto* batch = dynamic_cast<BatchReads*>(&store)) return batch->subjects_of(kind, ids);
    std::unordered_map<std::string, int64_t> out;
    for (const auto& id : ids)
        if (auto stored = TRY(store.current(kind, id))) out[id] = stored->subject;
    return out;
}

Result<std::unordered_set<std::string>> in_scope_ids(Store& store, records::Kind kind,
                                                     const std::vector<std::string>& ids,
                                                     const std::string& organisation,
                                                     const std::vector<std::string>& locations, int64_t user,
                                                     int64_t now) {
    if (auto* batch = dynamic_cast<BatchReads*>(&store))
        return batch->in_scope_ids(kind, ids, organisation, locations, user, now);
    std::unordered_set<std::string> out;
    for (const auto& id : ids) {
        RecordFilter filter;
        filter.scoped = true;
        filter.scope_organisation = organisation;
        filter.scope_locations = locations;
        filter.include_withdrawn = true;
        (kind == records::Kind::Person ? filter.person : filter.address) = id;
        if (TRY(store.any_activity(filter)) || TRY(store.has_reference_grant(user, kind, id, now))) out.insert(id);
    }
    return out;
}

Result<std::map<std::string, std::vector<ActiveActivity>>> active_on_days(Store& store, std::string_view type,
                                                                          const std::vector<std::string>& days) {
    if (auto* batch = dynamic_cast<BatchReads*>(&store)) return batch->active_on_days(type, days);
    std::map<std::string, std::vector<ActiveActivity>> out;
    for (const auto& day : days) out[day] = TRY(store.active_on(type, day));
    return out;
}

}  // namespace grip::storage
