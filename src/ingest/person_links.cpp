#include "ingest/person_links.h"

#include <algorithm>
#include <deque>
#include <set>

#include <boost/json.hpp>

namespace grip::ingest {
namespace json = boost::json;
using records::Kind;

namespace {

// A group larger than this is not a human but a mistake in the links: it is
// refused rather than walked for ever.
constexpr size_t kLargestGroup = 1000;

}  // namespace

Result<int64_t> PersonLinks::own_subject(const records::Record& person) {
    if (auto bsn = person.text("bsn"); !bsn.empty()) return store_.subject(keys_.pseudonym("bsn", bsn));
    return store_.subject(keys_.pseudonym("person-id", person.id));
}

Result<bool> PersonLinks::involved(const records::Record& incoming,
                                   const std::optional<storage::StoredRecord>& existing, int64_t own) {
    if (!incoming.withdrawn && !incoming.text("same_as").empty()) return true;
    if (!existing || existing->withdrawn) return false;
    if (!existing->record.text("same_as").empty()) return true;
    // A person others link to changes their group only when it leaves or its
    // subject changes (a BSN arrives): a stored subject that is its own one
    // stays. Only then is the store asked (one query, not one per person).
    if (!incoming.withdrawn && own == existing->subject) return false;
    return !TRY(store_.persons_linking(incoming.id)).empty();
}

Result<std::optional<PersonLinks::Node>> PersonLinks::node(const std::string& id, bool after) {
    if (after && id == incoming_->id) {
        if (incoming_->withdrawn) return std::optional<Node>();
        return std::optional<Node>(
            Node{std::string(incoming_->text("same_as")), incoming_own_, !incoming_->text("bsn").empty()});
    }
    if (auto it = stored_.find(id); it != stored_.end()) return it->second;
    std::optional<Node> out;
    if (auto rec = TRY(store_.current(Kind::Person, id)); rec && !rec->withdrawn) {
        // The BSN is sealed: whether the person has one decides its own subject.
        records::Record person = rec->record;
        if (!rec->sealed.empty()) {
            auto plain = keys_.unseal(rec->sealed);
            if (!plain)
                return Error::storage("a person's personal data could not be unsealed: is this the right key file?");
            auto fields = json::parse(*plain);
            if (fields.is_object())
                for (const auto& [key, value] : fields.as_object()) person.fields[key] = value;
        }
        out = Node{std::string(person.text("same_as")), TRY(own_subject(person)), !person.text("bsn").empty()};
    }
    stored_[id] = out;
    return out;
}

Result<std::vector<std::string>> PersonLinks::neighbours(const std::string& id, const Node& n, bool after) {
    std::vector<std::string> out;
    if (!n.same_as.empty()) out.push_back(n.same_as);
    for (auto& linker : TRY(store_.persons_linking(id)))
        if (!(after && linker == incoming_->id)) out.push_back(std::move(linker));
    // After the write the incoming version's link counts, not the stored one's.
    if (after && !incoming_->withdrawn && incoming_->text("same_as") == id) out.push_back(incoming_->id);
    return out;
}

Result<std::vector<std::string>> PersonLinks::component(const std::string& start, bool after) {
    std::vector<std::string> members;
    std::set<std::string> seen{start};
    std::deque<std::string> queue{start};
    while (!queue.empty()) {
        auto id = std::move(queue.front());
        queue.pop_front();
        const auto n = TRY(node(id, after));
        if (!n) continue;  // not stored, or withdrawn: in no group
        members.push_back(id);
        if (members.size() > kLargestGroup) return Error::conflict("links more than 1000 person records as one human");
        for (auto& other : TRY(neighbours(id, *n, after)))
            if (seen.insert(other).second) queue.push_back(std::move(other));
    }
    return members;
}

Result<std::map<std::string, int64_t>> PersonLinks::subjects_after(const records::Record& incoming, int64_t own) {
    incoming_ = &incoming;
    incoming_own_ = own;
    stored_.clear();
    // Everyone in the group before the write, and in the group after it.
    std::set<std::string> touched;
    for (auto& id : TRY(component(incoming.id, false))) touched.insert(std::move(id));
    for (auto& id : TRY(component(incoming.id, true))) touched.insert(std::move(id));
    std::map<std::string, int64_t> out;
    for (const auto& id : touched) {
        if (out.count(id)) continue;
        const auto members = TRY(component(id, true));
        if (members.empty()) continue;  // the withdrawn incoming record
        int64_t by_bsn = 0, smallest = 0;
        for (const auto& m : members) {
            const auto found = TRY(node(m, true));
            if (!found) continue;  // members are stored, so this does not happen
            const Node& n = *found;
            // A BSN decides who someone is: links never make two BSNs one human.
            if (n.bsn && by_bsn && n.own != by_bsn)
                return Error::conflict("links person records with two different BSNs as one human");
            if (n.bsn) by_bsn = n.own;
            if (!smallest || n.own < smallest) smallest = n.own;
        }
        for (const auto& m : members) out[m] = by_bsn ? by_bsn : smallest;
    }
    incoming_ = nullptr;
    return out;
}

}  // namespace grip::ingest
