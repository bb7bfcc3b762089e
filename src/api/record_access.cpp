#include "api/record_access.h"

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>

#include "api/services.h"

namespace grip::api {
namespace json = boost::json;
using records::Kind;

namespace {

bool of_actor(const Call& call, const records::Record& record) { return belongs_to(record, *call.actor); }

storage::RecordFilter scope_of(const auth::Actor& actor) {
    storage::RecordFilter filter;
    filter.scoped = true;
    filter.scope_organisation = actor.organisation;
    filter.scope_locations = actor.locations;
    return filter;
}

// Address fields that point at a dwelling: together with the sealed ones
// they are shown only to roles with personal data.
bool identifying(Kind kind, std::string_view field) {
    if (kind == Kind::Address && (field == "postcode" || field == "house_number")) return true;
    const auto* f = records::kind_spec(kind).field(field);
    return f && f->personal == records::Personal::Yes;
}

bool owned_kind(Kind kind) { return kind == Kind::Activity || kind == Kind::Aggregate; }

// The version of a record that says whose it is: a withdrawal keeps no
// fields, so a withdrawn activity or aggregate is its last version before
// the withdrawal (one that never had a live version is nobody's).
Result<records::Record> owner_version(storage::Store& store, const storage::StoredRecord& stored) {
    if (!stored.withdrawn) return stored.record;
    records::Record out;
    out.kind = stored.record.kind;
    out.id = stored.record.id;
    auto versions = TRY(store.history(stored.record.kind, stored.record.id));
    for (auto it = versions.rbegin(); it != versions.rend(); ++it)
        if (!it->withdrawn) {
            out.fields = it->fields;
            break;
        }
    return out;
}

// Whether an own-scope actor has this person or address in scope: an
// activity of theirs refers to it, or it was granted to them.
Result<bool> subject_in_scope(storage::Store& store, const auth::Actor& actor, int64_t now, Kind kind,
                              std::string_view id) {
    auto filter = scope_of(actor);
    (kind == Kind::Person ? filter.person : filter.address) = std::string(id);
    filter.include_withdrawn = true;
    if (TRY(store.any_activity(filter))) return true;
    return store.has_reference_grant(actor.user, kind, id, now);
}

// The scope rule alone, whatever kinds the role reads.
Result<bool> in_scope(storage::Store& store, const auth::Actor& actor, int64_t now,
                      const storage::StoredRecord& stored) {
    if (!actor.role->own_scope()) return true;
    const auto kind = stored.record.kind;
    if (owned_kind(kind)) return belongs_to(TRY(owner_version(store, stored)), actor);
    if (kind == Kind::Person || kind == Kind::Address)
        return subject_in_scope(store, actor, now, kind, stored.record.id);
    return true;  // areas, locations, organisations, milestones, motions hold no personal data
}

}  // namespace

bool belongs_to(const records::Record& record, const auth::Actor& actor) {
    const auto org = record.text("organisation");
    if (!org.empty() && org == actor.organisation) return true;
    const auto location = record.text("location");
    const auto& l = actor.locations;
    return !location.empty() && std::find(l.begin(), l.end(), location) != l.end();
}

std::string delivered_key(Kind kind, std::string_view id) {
    return fmt::format("{}\x1f{}", records::kind_name(kind), id);
}

Result<std::optional<records::FieldError>> may_deliver(storage::Store& store, const auth::Actor& actor, int64_t now,
                                                       const records::Record& record, DeliveredIds& delivered) {
    using Refusal = std::optional<records::FieldError>;
    if (!actor.role->can_write(record.kind))
        return Refusal(records::FieldError{"kind", fmt::format("your role may not deliver {} records",
                                                               records::kind_name(record.kind))});
    if (!actor.role->own_scope()) return Refusal();
    if (owned_kind(record.kind) && !record.withdrawn && !belongs_to(record, actor))
        return Refusal(
            records::FieldError{"organisation", "must be your organisation (or location one of your locations)"});
    // A new version or a withdrawal of a stored record, withdrawn or not: only of one's own.
    if (auto existing = TRY(store.current(record.kind, record.id));
        existing && !delivered.count(delivered_key(record.kind, record.id)) &&
        !TRY(in_scope(store, actor, now, *existing)))
        return Refusal(records::FieldError{"id", "is a record of another organisation"});
    // A reference to a stored record out of scope reads as one to a record
    // that does not exist.
    for (const auto& ref : record.references()) {
        if (delivered.count(delivered_key(ref.kind, ref.id))) continue;
        if (TRY(keeps_link(store, record, ref))) continue;
        auto target = TRY(store.current(ref.kind, ref.id));
        if (target && !TRY(may_refer(store, actor, now, *target)))
            return Refusal(records::FieldError{std::string(ref.field),
                                               fmt::format("refers to a {} that is neither in this delivery nor stored",
                                                           records::kind_name(ref.kind))});
    }
    delivered.insert(delivered_key(record.kind, record.id));
    return Refusal();
}

Result<bool> may_see(storage::Store& store, const auth::Actor& actor, int64_t now,
                     const storage::StoredRecord& stored) {
    if (!actor.role->can_read(stored.record.kind)) return false;
    return in_scope(store, actor, now, stored);
}

Result<bool> may_see(Call& call, const storage::StoredRecord& stored) {
    return may_see(*call.db.store, *call.actor, call.services.clock.now(), stored);
}

Result<bool> may_refer(storage::Store& store, const auth::Actor& actor, int64_t now,
                       const storage::StoredRecord& target) {
    return in_scope(store, actor, now, target);
}

Result<std::vector<records::FieldError>> reference_refusals(Call& call, const records::Record& record) {
    std::vector<records::FieldError> out;
    for (const auto& ref : record.references()) {
        if (TRY(keeps_link(*call.db.store, record, ref))) continue;
        auto target = TRY(call.db.store->current(ref.kind, ref.id));
        if (target && !target->withdrawn &&
            TRY(may_refer(*call.db.store, *call.actor, call.services.clock.now(), *target)))
            continue;
        out.push_back(
            {std::string(ref.field), fmt::format("refers to a {} that is not stored", records::kind_name(ref.kind))});
    }
    return out;
}

Result<bool> keeps_link(storage::Store& store, const records::Record& record, const records::Reference& ref) {
    if (record.kind != Kind::Person || ref.field != "same_as") return false;
    auto stored = TRY(store.current(Kind::Person, record.id));
    return stored && !stored->withdrawn && stored->record.text("same_as") == ref.id;
}

Status grant_reference(storage::Store& store, const auth::Actor& actor, int64_t now, Kind kind, std::string_view id) {
    if (!actor.role->own_scope() || (kind != Kind::Person && kind != Kind::Address)) return ok_status();
    return store.grant_reference(actor.user, kind, id, now, now + kReferenceGrantSeconds);
}

bool may_register(const Call& call, const records::Record& record) {
    if (!call.own_scope()) return true;
    if (owned_kind(record.kind)) return of_actor(call, record);
    return true;
}

void apply_scope(const Call& call, storage::RecordFilter& filter) {
    if (!call.own_scope()) return;
    const auto scope = scope_of(*call.actor);
    filter.scoped = true;
    filter.scope_organisation = scope.scope_organisation;
    filter.scope_locations = scope.scope_locations;
}

bool is_personal(const records::Record& record) {
    switch (record.kind) {
        case Kind::Person:
        case Kind::Address: return true;
        case Kind::Activity: return !record.text("person").empty() || !record.text("address").empty();
        default: return false;
    }
}

bool shows_field(const Call& call, Kind kind, std::string_view field) {
    return call.role().personal_data || !identifying(kind, field);
}

Result<json::object> record_view(Call& call, const storage::StoredRecord& stored) {
    const auto& record = stored.record;
    const bool personal = call.role().personal_data;
    json::object out;
    out["kind"] = records::kind_name(record.kind);
    for (const auto& [key, value] : record.fields)
        if (shows_field(call, record.kind, key)) out[key] = value;
    if (personal && !stored.sealed.empty()) {
        auto plain = call.services.keys.unseal(stored.sealed);
        if (!plain)
            return Error::storage("a record's personal data could not be unsealed: is this the right key file?");
        auto fields = json::parse(*plain);
        if (fields.is_object())
            for (const auto& [key, value] : fields.as_object()) out[key] = value;
    }
    json::object meta{{"version", stored.seq}, {"delivery", stored.delivery}, {"withdrawn", stored.withdrawn}};
    if (stored.subject)
        meta["subject"] = subject_pseudonym(call.services.keys, call.actor->municipality, stored.subject);
    out["_meta"] = std::move(meta);
    return out;
}

Result<std::string> log_subject(Call& call, const storage::StoredRecord& stored, const storage::StoredRecord* before) {
    return log_subject(*call.db.store, call.services.keys, call.actor->municipality, stored, before);
}

Result<std::string> log_subject(storage::Store& store, const privacy::Keyring& keys, std::string_view municipality,
                                const storage::StoredRecord& stored, const storage::StoredRecord* before) {
    // A withdrawal keeps no fields and no subject: the version before it has them.
    const auto& source = stored.withdrawn && before ? *before : stored;
    int64_t subject = 0;
    if (source.record.kind == Kind::Person || source.record.kind == Kind::Address) {
        subject = source.subject;
    } else if (source.record.kind == Kind::Activity) {
        // The person the activity is about, else its address.
        for (auto [field, kind] : {std::pair{"person", Kind::Person}, std::pair{"address", Kind::Address}}) {
            const auto id = source.record.text(field);
            if (id.empty()) continue;
            auto ref = TRY(store.current(kind, id));
            if (ref && ref->subject) {
                subject = ref->subject;
                break;
            }
        }
    }
    if (!subject) return std::string();
    return subject_pseudonym(keys, municipality, subject);
}

Status log_each_personal(Call& call, std::string_view action, const std::vector<storage::StoredRecord>& records) {
    // The persons, then (for activities without one) the addresses, each in
    // one read: as log_subject has them, one by one.
    std::vector<std::string> person_ids, address_ids;
    for (const auto& r : records)
        if (r.record.kind == Kind::Activity && is_personal(r.record)) {
            if (const auto id = r.record.text("person"); !id.empty()) person_ids.emplace_back(id);
            if (const auto id = r.record.text("address"); !id.empty()) address_ids.emplace_back(id);
        }
    const auto persons = TRY(call.db.store->subjects_of(Kind::Person, person_ids));
    const auto subject_of = [](const std::unordered_map<std::string, int64_t>& subjects, std::string_view id) {
        if (id.empty()) return int64_t{0};
        auto it = subjects.find(std::string(id));
        return it == subjects.end() ? int64_t{0} : it->second;
    };
    std::unordered_map<std::string, int64_t> addresses;
    bool need_addresses = false;
    for (const auto& r : records)
        if (r.record.kind == Kind::Activity && !subject_of(persons, r.record.text("person")) &&
            !r.record.text("address").empty())
            need_addresses = true;
    if (need_addresses) addresses = TRY(call.db.store->subjects_of(Kind::Address, address_ids));

    const privacy::LogEntry base = log_entry_of(call);
    std::vector<privacy::LogEntry> entries;
    for (const auto& r : records) {
        if (!is_personal(r.record)) continue;
        int64_t subject = 0;
        if (r.record.kind == Kind::Person || r.record.kind == Kind::Address) {
            subject = r.subject;
        } else if (r.record.kind == Kind::Activity) {
            subject = subject_of(persons, r.record.text("person"));
            if (!subject) subject = subject_of(addresses, r.record.text("address"));
        }
        const std::string pseudonym =
            subject ? subject_pseudonym(call.services.keys, call.actor->municipality, subject) : std::string();
        entries.push_back(processing_entry(base, action, r.record, pseudonym, "ok"));
    }
    return call.services.log.append_all(std::move(entries), privacy::Durability::Later);
}

Status log_if_personal(Call& call, std::string_view action, const storage::StoredRecord& stored) {
    if (!is_personal(stored.record)) return ok_status();
    const auto subject = TRY(log_subject(call, stored));
    return log_processing(call, action, stored.record, subject, "ok");
}

privacy::LogEntry log_entry_of(const Call& call) {
    privacy::LogEntry entry;
    entry.trace_id = call.trace_id;
    entry.span_id = call.span_id;
    entry.parent_span_id = call.parent_span_id;
    entry.actor = call.actor->name;
    entry.processing_activity = call.role().processing_activity;
    entry.municipality = call.actor->municipality;
    return entry;
}

privacy::LogEntry processing_entry(privacy::LogEntry entry, std::string_view action, const records::Record& record,
                                   std::string_view subject, std::string_view result) {
    entry.action = privacy::parse_log_action(action).value_or(privacy::LogAction::Read);
    entry.subject = std::string(subject);
    entry.record = fmt::format("{}/{}", records::kind_name(record.kind), record.id);
    entry.result = privacy::parse_log_result(result).value_or(privacy::LogResult::Ok);
    return entry;
}

Status log_processing(Call& call, std::string_view action, const records::Record& record, std::string_view subject,
                      std::string_view result) {
    privacy::LogEntry entry = processing_entry(log_entry_of(call), action, record, subject, result);
    // A change of personal data is on disk in the log before it is acknowledged.
    const bool change = entry.action == privacy::LogAction::Create || entry.action == privacy::LogAction::Update ||
                        entry.action == privacy::LogAction::Withdraw;
    return call.services.log.append(std::move(entry), change ? privacy::Durability::Now : privacy::Durability::Later);
}

}  // namespace grip::api
