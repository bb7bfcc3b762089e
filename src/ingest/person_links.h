#pragma once
// People without a BSN linked as one human (docs/exchange-format.md,
// "Personen zonder BSN"). A person's `same_as` names another person record of
// the same human; the persons connected by such links, either way, are one
// group, counted as one data subject: the subject of its members' BSN when
// one has a BSN (two different BSNs are never one group), else the smallest of the members' own subjects (each one's
// record id pseudonym), so the group keeps its identity while it lasts. Works
// out which subject each person of the groups a write touches has after it.

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "privacy/keyring.h"
#include "records/record.h"
#include "storage/store.h"

namespace grip::ingest {

class PersonLinks {
public:
    PersonLinks(storage::Store& store, const privacy::Keyring& keys) : store_(store), keys_(keys) {}

    // A person's own subject: its BSN's, else its record id's.
    Result<int64_t> own_subject(const records::Record& person);
    // Whether writing `incoming` (whose own subject is `own`) over `existing`
    // may change a group: it has a `same_as`, or the version it replaces had
    // one, or others link to it and it is withdrawn or its subject changes.
    Result<bool> involved(const records::Record& incoming, const std::optional<storage::StoredRecord>& existing,
                          int64_t own);
    // The subject of every person of the groups before and after writing
    // `incoming` (whose own subject is `own`), as it is after the write. A
    // withdrawn `incoming` is in no group after it. Conflict when a group
    // would hold two different BSNs (or be absurdly large): nothing is
    // changed then.
    Result<std::map<std::string, int64_t>> subjects_after(const records::Record& incoming, int64_t own);

private:
    struct Node {
        std::string same_as;
        int64_t own = 0;
        bool bsn = false;
    };
    Result<std::optional<Node>> node(const std::string& id, bool after);
    Result<std::vector<std::string>> neighbours(const std::string& id, const Node& node, bool after);
    Result<std::vector<std::string>> component(const std::string& start, bool after);

    storage::Store& store_;
    const privacy::Keyring& keys_;
    // Of one subjects_after() call.
    const records::Record* incoming_ = nullptr;
    int64_t incoming_own_ = 0;
    std::unordered_map<std::string, std::optional<Node>> stored_;
};

}  // namespace grip::ingest
