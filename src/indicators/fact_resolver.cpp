#include "indicators/fact_resolver.h"

#include "common/date.h"

namespace grip::indicators {
using records::Kind;

// A cache that never holds more than this many entries per kind: a city at
// scale has millions of persons, and a delivery touches them in file order.

Result<const FactResolver::PersonFacts*> FactResolver::person(const std::string& id) {
    if (auto it = persons_.find(id); it != persons_.end()) return &it->second;
    PersonFacts facts;
    if (auto rec = TRY(store_.current(Kind::Person, id)); rec && !rec->withdrawn) {
        facts.subject = rec->subject;
        facts.nationality = std::string(rec->record.text("nationality"));
        facts.brp = std::string(rec->record.text("brp"));
    }
    if (persons_.size() >= cache_limit_) persons_.clear();
    return &persons_.emplace(id, std::move(facts)).first->second;
}

Result<const FactResolver::PlaceFacts*> FactResolver::place(Kind kind, const std::string& id) {
    auto& cache = kind == Kind::Address ? addresses_ : locations_;
    if (auto it = cache.find(id); it != cache.end()) return &it->second;
    PlaceFacts facts;
    if (auto rec = TRY(store_.current(kind, id)); rec && !rec->withdrawn) {
        facts.subject = rec->subject;
        facts.area = std::string(rec->record.text("area"));
        facts.type = std::string(rec->record.text("type"));
    }
    if (cache.size() >= cache_limit_) cache.clear();
    return &cache.emplace(id, std::move(facts)).first->second;
}

Status FactResolver::resolve(const records::Record& activity, const AreaTree& areas, ResolvedActivity& out) {
    const auto& f = activity.fields;
    out.type = std::string(activity.text("type"));
    out.nationality.clear();
    out.brp.clear();
    out.location_type.clear();
    out.attributes.clear();
    if (auto* a = f.if_contains("attributes"); a && a->is_object()) out.attributes = a->get_object();

    ActivityFacts facts;
    const auto date = Date::parse(activity.text("date"));
    facts.month_index = date ? date->month_index() : 0;
    if (auto* c = f.if_contains("count"); c && c->is_int64()) facts.count = c->get_int64();
    std::string area(activity.text("area"));
    if (auto id = activity.text("person"); !id.empty()) {
        const auto* p = TRY(person(std::string(id)));
        facts.person_subject = p->subject;
        out.nationality = p->nationality;
        out.brp = p->brp;
    }
    if (auto id = activity.text("address"); !id.empty()) {
        const auto* a = TRY(place(Kind::Address, std::string(id)));
        facts.address_subject = a->subject;
        if (area.empty()) area = a->area;
    }
    if (auto id = activity.text("location"); !id.empty()) {
        const auto* l = TRY(place(Kind::Location, std::string(id)));
        out.location_type = l->type;
        if (area.empty()) area = l->area;
    }
    facts.area_id = area.empty() ? 0 : areas.id_of(area).value_or(0);
    out.facts = facts;
    out.facts.type = out.type;
    out.facts.nationality = out.nationality;
    out.facts.brp = out.brp;
    out.facts.location_type = out.location_type;
    out.facts.attributes = &out.attributes;
    return ok_status();
}

Result<int64_t> FactResolver::data_subject(const records::Record& activity) {
    if (auto id = activity.text("person"); !id.empty()) {
        const auto* p = TRY(person(std::string(id)));
        if (p->subject) return p->subject;
    }
    if (auto id = activity.text("address"); !id.empty()) return TRY(place(Kind::Address, std::string(id)))->subject;
    return int64_t{0};
}

void FactResolver::forget(Kind kind, const std::string& id) {
    if (kind == Kind::Person) persons_.erase(id);
    else if (kind == Kind::Address) addresses_.erase(id);
    else if (kind == Kind::Location) locations_.erase(id);
}

void FactResolver::remember(const records::Record& record, int64_t subject) {
    if (record.withdrawn) return forget(record.kind, record.id);
    if (record.kind == Kind::Person) {
        if (persons_.size() >= cache_limit_) persons_.clear();
        persons_[record.id] = {subject, std::string(record.text("nationality")), std::string(record.text("brp"))};
    } else if (record.kind == Kind::Address || record.kind == Kind::Location) {
        auto& cache = record.kind == Kind::Address ? addresses_ : locations_;
        if (cache.size() >= cache_limit_) cache.clear();
        cache[record.id] = {subject, std::string(record.text("area")), std::string(record.text("type"))};
    }
}

void FactResolver::clear() {
    persons_.clear();
    addresses_.clear();
    locations_.clear();
}

}  // namespace grip::indicators
