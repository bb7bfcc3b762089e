#pragma once
// Resolves an activity into the facts it is counted by: the subject and
// nationality of its person, the subject of its address, its area (its own,
// else its address's, else its location's) and its location's type. Looks
// referenced records up in the store, with a cache that the delivery clears
// for a record when it writes a new version of it.

#include <string>
#include <unordered_map>

#include "indicators/area_tree.h"
#include "indicators/tally.h"
#include "records/record.h"
#include "storage/store.h"

namespace grip::indicators {

// Owns the strings that ActivityFacts points into.
struct ResolvedActivity {
    std::string type;
    std::string nationality, brp, location_type;
    boost::json::object attributes;
    ActivityFacts facts;  // valid while this object lives and is not moved
};

class FactResolver {
public:
    explicit FactResolver(storage::RecordStore& store) : store_(store) {}

    Status resolve(const records::Record& activity, const AreaTree& areas, ResolvedActivity& out);
    void forget(records::Kind kind, const std::string& id);
    // The data subject of an activity: its person's subject, else its
    // address's; 0 when it refers to neither (work counted, not a person's).
    Result<int64_t> data_subject(const records::Record& activity);
    // Takes the facts of a person, address or location just written, so the
    // activities after it need not read it back.
    void remember(const records::Record& record, int64_t subject);
    void clear();
    // How many records of a kind the cache holds at most before it starts
    // again: a city at scale has millions of persons.
    void set_cache_limit(size_t entries) { cache_limit_ = entries; }

private:
    struct PersonFacts {
        int64_t subject = 0;
        std::string nationality, brp;
    };
    struct PlaceFacts {
        int64_t subject = 0;
        std::string area;  // area code
        std::string type;  // location type
    };
    Result<const PersonFacts*> person(const std::string& id);
    Result<const PlaceFacts*> place(records::Kind kind, const std::string& id);

    storage::RecordStore& store_;
    size_t cache_limit_ = 1'000'000;
    std::unordered_map<std::string, PersonFacts> persons_;
    std::unordered_map<std::string, PlaceFacts> addresses_;
    std::unordered_map<std::string, PlaceFacts> locations_;
};

}  // namespace grip::indicators
