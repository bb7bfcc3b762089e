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

bool own_scope(const Call& call) { return call.role().scope == auth::Role::Scope::Own; }

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

std::string hex(const unsigned char* data, size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

}  // namespace

bool belongs_to(const records::Record& record, const auth::Actor& actor) {
    const auto org = record.text("organisation");
    if (!org.empty() && org == actor.organisation) return true;
    const auto location = record.text("location");
    const auto& l = actor.locations;
    return !location.empty() && std::find(l.begin(), l.end(), location) != l.end();
}

Result<std::optional<records::FieldError>> may_deliver(storage::Store& store, const auth::Actor& actor,
                                                       const records::Record& record) {
    using Refusal = std::optional<records::FieldError>;
    if (!actor.role->can_write(record.kind))
        return Refusal(records::FieldError{"kind", fmt::format("your role may not deliver {} records",
                                                               records::kind_name(record.kind))});
    if (actor.role->scope != auth::Role::Scope::Own) return Refusal();
    const bool own_kind = record.kind == Kind::Activity || record.kind == Kind::Aggregate;
    if (own_kind && !record.withdrawn && !belongs_to(record, actor))
        return Refusal(records::FieldError{"organisation", "must be your organisation (or location one of your locations)"});
    // A new version or a withdrawal of a stored record: only of one's own.
    auto existing = TRY(store.current(record.kind, record.id));
    if (!existing || existing->withdrawn) return Refusal();
    bool own = true;
    if (own_kind) {
        own = belongs_to(existing->record, actor);
    } else if (record.kind == Kind::Person || record.kind == Kind::Address) {
        auto filter = scope_of(actor);
        (record.kind == Kind::Person ? filter.person : filter.address) = record.id;
        filter.include_withdrawn = true;
        own = TRY(store.any_activity(filter));
    }
    if (!own) return Refusal(records::FieldError{"id", "is a record of another organisation"});
    return Refusal();
}

Result<bool> may_see(Call& call, const storage::StoredRecord& stored) {
    const auto& record = stored.record;
    if (!call.role().can_read(record.kind)) return false;
    if (!own_scope(call)) return true;
    switch (record.kind) {
        case Kind::Activity:
        case Kind::Aggregate: return of_actor(call, record);
        case Kind::Person:
        case Kind::Address: {
            storage::RecordFilter filter;
            (record.kind == Kind::Person ? filter.person : filter.address) = record.id;
            apply_scope(call, filter);
            filter.include_withdrawn = true;
            return call.db.store->any_activity(filter);
        }
        default: return true;  // areas, locations, organisations, milestones, motions hold no personal data
    }
}

bool may_register(const Call& call, const records::Record& record) {
    if (!own_scope(call)) return true;
    if (record.kind == Kind::Activity || record.kind == Kind::Aggregate) return of_actor(call, record);
    return true;
}

void apply_scope(const Call& call, storage::RecordFilter& filter) {
    if (!own_scope(call)) return;
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
        if (!plain) return Error::storage("a record's personal data could not be unsealed: is this the right key file?");
        auto fields = json::parse(*plain);
        if (fields.is_object())
            for (const auto& [key, value] : fields.as_object()) out[key] = value;
    }
    json::object meta{{"version", stored.seq}, {"delivery", stored.delivery}, {"withdrawn", stored.withdrawn}};
    if (stored.subject) meta["subject"] = subject_pseudonym(call.services.keys, stored.subject);
    out["_meta"] = std::move(meta);
    return out;
}

Result<std::string> log_subject(Call& call, const storage::StoredRecord& stored) {
    int64_t subject = 0;
    if (stored.record.kind == Kind::Person || stored.record.kind == Kind::Address) {
        subject = stored.subject;
    } else if (stored.record.kind == Kind::Activity) {
        // The person the activity is about, else its address.
        for (auto [field, kind] : {std::pair{"person", Kind::Person}, std::pair{"address", Kind::Address}}) {
            const auto id = stored.record.text(field);
            if (id.empty()) continue;
            auto ref = TRY(call.db.store->current(kind, id));
            if (ref) {
                subject = ref->subject;
                break;
            }
        }
    }
    if (!subject) return std::string();
    return subject_pseudonym(call.services.keys, subject);
}

std::string subject_pseudonym(const privacy::Keyring& keys, int64_t subject) {
    const auto p = keys.pseudonym("log-subject", std::to_string(subject));
    return hex(p.data(), p.size());
}

Status log_if_personal(Call& call, std::string_view action, const storage::StoredRecord& stored) {
    if (!is_personal(stored.record)) return ok_status();
    const auto subject = TRY(log_subject(call, stored));
    return log_processing(call, action, stored.record, subject, "ok");
}

Status log_processing(Call& call, std::string_view action, const records::Record& record, std::string_view subject,
                      std::string_view result) {
    privacy::LogEntry entry;
    entry.trace_id = call.trace_id;
    entry.span_id = call.span_id;
    entry.parent_span_id = call.parent_span_id;
    entry.actor = call.actor->name;
    entry.action = privacy::parse_log_action(action).value_or(privacy::LogAction::Read);
    entry.processing_activity = call.role().processing_activity;
    entry.subject = std::string(subject);
    entry.record = fmt::format("{}/{}", records::kind_name(record.kind), record.id);
    entry.municipality = call.actor->municipality;
    entry.result = privacy::parse_log_result(result).value_or(privacy::LogResult::Ok);
    // A change of personal data is on disk in the log before it is acknowledged.
    const bool change = entry.action == privacy::LogAction::Create || entry.action == privacy::LogAction::Update ||
                        entry.action == privacy::LogAction::Withdraw;
    return call.services.log.append(std::move(entry),
                                    change ? privacy::Durability::Now : privacy::Durability::Later);
}

}  // namespace grip::api
