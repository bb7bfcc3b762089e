#include "ingest/record_writer.h"

#include <fmt/format.h>

namespace grip::ingest {
namespace json = boost::json;
using records::Kind;

namespace {

std::string canonical_of(const records::Record& record) {
    // Fields in the order of the kind's table, so that the same record
    // written with its fields in another order is the same record.
    std::string out(records::kind_name(record.kind));
    if (record.withdrawn) return out + "\x1fwithdrawn";
    for (const auto& f : records::kind_spec(record.kind).fields) {
        if (auto* v = record.fields.if_contains(f.name)) {
            out += '\x1f';
            out += f.name;
            out += '=';
            out += json::serialize(*v);
        }
    }
    return out;
}

std::string personal_sealed(const privacy::Keyring& keys, const records::Record& record) {
    json::object personal;
    for (const auto& f : records::kind_spec(record.kind).fields)
        if (f.personal == records::Personal::Yes)
            if (auto* v = record.fields.if_contains(f.name)) personal[f.name] = *v;
    if (personal.empty()) return {};
    return keys.seal(json::serialize(personal));
}

}  // namespace

PreparedWrite prepare_write(const privacy::Keyring& keys, const records::Record& record) {
    PreparedWrite out;
    out.hash = keys.content_hash(canonical_of(record));
    if (!record.withdrawn) out.sealed = personal_sealed(keys, record);
    return out;
}

RecordWriter::RecordWriter(storage::Store& store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys)
    : store_(store), keys_(keys), figures_(store, catalogue), resolver_(store), links_(store, keys) {}

Status RecordWriter::prepare() {
    TRY(figures_.ensure_current(resolver_));
    figures_.set_subject_floor(TRY(store_.last_subject()));
    return ok_status();
}

void RecordWriter::set_cache_limit(size_t entries) {
    cache_limit_ = entries;
    resolver_.set_cache_limit(entries);
    figures_.set_cache_limit(entries + entries / 2);
}

Result<RefState> RecordWriter::reference(Kind kind, const std::string& id) {
    auto& known = known_[static_cast<size_t>(kind)];
    if (auto it = known.find(id); it != known.end()) return it->second ? RefState::Exists : RefState::Withdrawn;
    const auto rec = TRY(store_.current(kind, id));
    if (!rec) return RefState::Missing;
    if (known.size() > cache_limit_) known.clear();
    known[id] = !rec->withdrawn;
    return rec->withdrawn ? RefState::Withdrawn : RefState::Exists;
}

Result<int64_t> RecordWriter::subject_of(const records::Record& record) {
    // Same BSN = same person, across deliveries and sources; a person
    // without a BSN is only themselves, unless linked (regroup()).
    if (record.kind == Kind::Person) return links_.own_subject(record);
    if (record.kind == Kind::Address) {
        const auto* number = record.fields.if_contains("house_number");
        return store_.subject(
            keys_.pseudonym("address", records::address_key(record.text("postcode"),
                                                            number && number->is_int64() ? number->get_int64() : 0,
                                                            record.text("suffix"))));
    }
    return int64_t{0};
}

Status RecordWriter::ensure_areas() {
    if (areas_stale_ && !rebuild_) {
        TRY(figures_.flush());
        TRY(figures_.load_areas());
    }
    areas_stale_ = false;
    return ok_status();
}

Status RecordWriter::subtract_activity(const records::Record& activity) {
    if (uncounted_.count(activity.id)) return ok_status();
    TRY(ensure_areas());
    TRY(resolver_.resolve(activity, figures_.areas(), scratch_));
    TRY(figures_.apply(scratch_.facts, -1));
    uncounted_.insert(activity.id);
    return ok_status();
}

Status RecordWriter::subtract_referring(Kind kind, const std::string& id) {
    const auto ids = TRY(store_.activities_referring(records::kind_name(kind), id));
    for (const auto& activity_id : ids) {
        if (uncounted_.count(activity_id)) continue;
        auto activity = TRY(store_.current(Kind::Activity, activity_id));
        if (activity) TRY(subtract_activity(activity->record));
    }
    return ok_status();
}

Status RecordWriter::regroup(const records::Record& person, int64_t& subject) {
    // The persons of the groups before and after this write take the
    // group's subject (person_links.h). Their activities are taken out of
    // the figures while they still count by the old subject, and counted
    // again by the new one when the delivery ends (finish()); the person
    // written itself goes the way of every changed person (before_change).
    const auto after = TRY(links_.subjects_after(person, subject));
    for (const auto& [id, group_subject] : after) {
        if (id == person.id) {
            subject = group_subject;
            continue;
        }
        auto stored = TRY(store_.current(Kind::Person, id));
        if (!stored || stored->withdrawn || stored->subject == group_subject) continue;
        TRY(subtract_referring(Kind::Person, id));
        TRY(store_.set_subject(Kind::Person, id, group_subject));
        resolver_.forget(Kind::Person, id);
    }
    return ok_status();
}

namespace {

// Whether a new version of a person, address or location changes how the
// activities that refer to it are counted: a corrected birth year does not.
bool counts_differently(const records::Record& incoming, const storage::StoredRecord& existing, int64_t subject) {
    if (incoming.withdrawn || subject != existing.subject) return true;
    auto differs = [&](std::string_view f) { return incoming.text(f) != existing.record.text(f); };
    switch (incoming.kind) {
        case Kind::Person: return differs("nationality") || differs("brp");
        case Kind::Address: return differs("area");
        case Kind::Location: return differs("type") || differs("area");
        default: return true;
    }
}

}  // namespace

Status RecordWriter::before_change(const records::Record& incoming,
                                   const std::optional<storage::StoredRecord>& existing, int64_t subject) {
    if (!existing || existing->withdrawn) return ok_status();
    switch (incoming.kind) {
        case Kind::Activity: return subtract_activity(existing->record);
        case Kind::Person:
        case Kind::Address:
        case Kind::Location: {
            if (!counts_differently(incoming, *existing, subject)) return ok_status();
            // Every activity that refers to it may count differently now.
            return subtract_referring(incoming.kind, incoming.id);
        }
        case Kind::Area: {
            const auto& old = existing->record.fields;
            const auto& now = incoming.fields;
            auto differs = [&](std::string_view f) {
                const auto* a = old.if_contains(f);
                const auto* b = now.if_contains(f);
                return (a == nullptr) != (b == nullptr) || (a && *a != *b);
            };
            if (incoming.withdrawn || differs("parent") || differs("level") || differs("priority")) rebuild_ = true;
            return ok_status();
        }
        default: return ok_status();
    }
}

Status RecordWriter::after_change(const records::Record& record, int64_t subject) {
    resolver_.remember(record, subject);
    // Activities are looked up in the store when one refers to another: the
    // map would otherwise hold every activity of a large delivery.
    if (record.kind != Kind::Activity) known_[static_cast<size_t>(record.kind)][record.id] = !record.withdrawn;
    if (record.kind == Kind::Area) areas_stale_ = true;
    if (record.kind != Kind::Activity) return ok_status();
    if (record.withdrawn) {
        uncounted_.erase(record.id);
        return ok_status();
    }
    if (rebuild_) return ok_status();  // everything is counted again at the end
    TRY(ensure_areas());
    TRY(resolver_.resolve(record, figures_.areas(), scratch_));
    TRY(figures_.apply(scratch_.facts, +1));
    uncounted_.erase(record.id);
    return ok_status();
}

Status RecordWriter::note_touched(const records::Record& record, const std::optional<storage::StoredRecord>& existing,
                                  int64_t subject) {
    // A withdrawal keeps no fields and no subject: the version it withdraws has them.
    const bool from_existing = record.withdrawn && existing && !existing->withdrawn;
    const records::Record& source = from_existing ? existing->record : record;
    touched_ = {};
    if (!note_touched_) return ok_status();
    switch (record.kind) {
        case Kind::Person:
        case Kind::Address:
            touched_.personal = true;
            touched_.subject = from_existing ? existing->subject : subject;
            break;
        case Kind::Activity:
            touched_.personal = !source.text("person").empty() || !source.text("address").empty();
            if (touched_.personal) touched_.subject = TRY(resolver_.data_subject(source));
            break;
        default: break;
    }
    return ok_status();
}

Result<WriteOutcome> RecordWriter::apply(const records::Record& record) {
    return apply(record, prepare_write(keys_, record));
}

Result<WriteOutcome> RecordWriter::apply(const records::Record& record, const PreparedWrite& prepared) {
    touched_ = {};
    storage::WriteMeta meta;
    meta.delivery = delivery_;
    meta.hash = prepared.hash;
    if (!record.withdrawn) {
        meta.subject = TRY(subject_of(record));
        meta.sealed = prepared.sealed;
        // Most records of a delivery are new: try that first, it costs one
        // write where looking first would cost a read and a write. A person
        // linked to another goes the long way (regroup()).
        const bool linked = record.kind == Kind::Person && !record.text("same_as").empty();
        if (!linked && TRY(store_.write_new(record, meta))) {
            TRY(after_change(record, meta.subject));
            TRY(note_touched(record, std::nullopt, meta.subject));
            return WriteOutcome::Stored;
        }
    }
    const auto existing = TRY(store_.current(record.kind, record.id));
    if (record.withdrawn) {
        // Why it was withdrawn (the API's DELETE with a reason), sealed: it may name a person.
        if (const auto* reason = record.fields.if_contains("withdrawal_reason"))
            meta.sealed = keys_.seal(json::serialize(json::object{{"withdrawal_reason", *reason}}));
        if (!existing)
            return Error::not_found(fmt::format("no {} with this id to withdraw", records::kind_name(record.kind)));
        if (existing->withdrawn) return WriteOutcome::Unchanged;
    } else if (existing && !existing->withdrawn && existing->hash == meta.hash) {
        return WriteOutcome::Unchanged;
    }
    meta.previous = existing.has_value();
    if (record.kind == Kind::Person && TRY(links_.involved(record, existing, meta.subject)))
        TRY(regroup(record, meta.subject));
    TRY(before_change(record, existing, meta.subject));
    // Before the write: a withdrawn person's subject is still known then.
    TRY(note_touched(record, existing, meta.subject));
    TRY(store_.write(record, meta));
    TRY(after_change(record, meta.subject));
    if (record.withdrawn) return WriteOutcome::Withdrawn;
    return existing ? WriteOutcome::Replaced : WriteOutcome::Stored;
}

Status RecordWriter::finish() {
    if (rebuild_) {
        // The area hierarchy changed: count everything again.
        TRY(figures_.rebuild(resolver_));
        uncounted_.clear();
        rebuild_ = false;
        return ok_status();
    }
    TRY(ensure_areas());
    for (const auto& id : uncounted_) {
        auto activity = TRY(store_.current(Kind::Activity, id));
        if (!activity || activity->withdrawn) continue;
        TRY(resolver_.resolve(activity->record, figures_.areas(), scratch_));
        TRY(figures_.apply(scratch_.facts, +1));
    }
    uncounted_.clear();
    return figures_.flush();
}

}  // namespace grip::ingest
