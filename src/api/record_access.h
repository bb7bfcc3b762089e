#pragma once
// Need-to-know for records: which records an actor may see, which fields of
// them, and the processing-log entry for every read or change of personal
// data. The role table (catalogue/roles.json) says what a role may; this
// file applies it to one record.

#include <optional>
#include <string>
#include <unordered_set>

#include <boost/json/object.hpp>

#include "api/call.h"
#include "privacy/processing_log.h"
#include "privacy/subject_pseudonym.h"
#include "records/validator.h"
#include "storage/store.h"

namespace grip::api {

using privacy::subject_pseudonym;

// Whether the actor's role may see this record at all: own-scope roles see
// only the activities and aggregates of their organisation or locations (a
// withdrawn one by its last version before the withdrawal), and the persons
// and addresses those activities refer to or that the actor was granted
// (registered, or found by BSN) for a while.
Result<bool> may_see(Call& call, const storage::StoredRecord& record);
Result<bool> may_see(storage::Store& store, const auth::Actor& actor, int64_t now, const storage::StoredRecord& record);
// Whether an own-scope actor may register this activity or aggregate (it
// must be of the actor's organisation or locations).
bool may_register(const Call& call, const records::Record& record);
// Whether an activity or aggregate is of the actor's organisation or at one
// of the actor's locations.
bool belongs_to(const records::Record& record, const auth::Actor& actor);
// Whether the actor may refer to this stored record: a reference must never
// widen what a user sees, so an own-scope actor refers only to records in
// its scope (persons and addresses as may_see has them, whatever kinds the
// role reads; its own activities and aggregates). Refusing must look like a
// missing record, so that ids cannot be probed.
Result<bool> may_refer(storage::Store& store, const auth::Actor& actor, int64_t now,
                       const storage::StoredRecord& target);

// Whether this reference of a record is a link the stored version of the
// record has already (a person's `same_as`, made through the link routes to
// a person the actor may not see): keeping it is no new reference.
Result<bool> keeps_link(storage::Store& store, const records::Record& record, const records::Reference& ref);

// The references of a record that the actor may not make, each as its
// field's error: to a record that is not stored, is withdrawn, or is out of
// the actor's scope, all answered alike so that ids cannot be probed.
Result<std::vector<records::FieldError>> reference_refusals(Call& call, const records::Record& record);

// How long a reference grant lasts: a desk registers the visit of a person
// it found or registered that day, after which the visit gives need-to-know.
inline constexpr int64_t kReferenceGrantSeconds = 24 * 60 * 60;
// Grants an own-scope actor the person or address it registered or found by
// BSN (nothing for other roles or kinds). Inside a write transaction.
Status grant_reference(storage::Store& store, const auth::Actor& actor, int64_t now, records::Kind kind,
                       std::string_view id);

// For a delivery through the API: the records of the delivery so far, as
// "kind\x1fid", which the delivery's own records may refer to.
using DeliveredIds = std::unordered_set<std::string>;
std::string delivered_key(records::Kind kind, std::string_view id);
// Whether the actor may deliver this record (the role writes its kind; an
// own-scope role only its own records, no new version of someone else's,
// withdrawn or not, and references only to what it may refer to or delivers
// itself). Nullopt, or the error for the line. Adds the record to
// `delivered`.
Result<std::optional<records::FieldError>> may_deliver(storage::Store& store, const auth::Actor& actor, int64_t now,
                                                       const records::Record& record, DeliveredIds& delivered);
// The filter that limits a list to what the actor may see.
void apply_scope(const Call& call, storage::RecordFilter& filter);

// The record as the actor may see it: its fields (personal ones only for
// roles with personal data), and `_meta` with its version, delivery and the
// pseudonym of its data subject.
Result<boost::json::object> record_view(Call& call, const storage::StoredRecord& record);

// Whether the actor's role sees this field of a record of this kind: sealed
// fields, and the postcode and house number of an address, only with
// personal data.
bool shows_field(const Call& call, records::Kind kind, std::string_view field);

// Whether the record holds personal data of a data subject (a person, an
// address, or an activity of one), so that touching it is logged.
bool is_personal(const records::Record& record);
// The data subject of a record for the processing log: a pseudonym (hex),
// or empty when the record has none. A withdrawn record has its subject by
// the version before the withdrawal: pass that as `before`.
Result<std::string> log_subject(Call& call, const storage::StoredRecord& record,
                                const storage::StoredRecord* before = nullptr);
// The same with the store, keys and municipality given: for a write job,
// which runs in the writer's batch rather than in a call.
Result<std::string> log_subject(storage::Store& store, const privacy::Keyring& keys, std::string_view municipality,
                                const storage::StoredRecord& record, const storage::StoredRecord* before = nullptr);
// Logs `action` on each of these records that holds personal data, in one
// append: a page of 50 is one append of up to 50 entries, and the persons
// (and addresses) of its activities are read in one statement each.
Status log_each_personal(Call& call, std::string_view action, const std::vector<storage::StoredRecord>& records);
// Logs `action` on the record when it holds personal data (nothing otherwise).
Status log_if_personal(Call& call, std::string_view action, const storage::StoredRecord& record);
// A processing-log entry of this call: its trace, the actor, the role's
// processing activity and the municipality filled in.
privacy::LogEntry log_entry_of(const Call& call);
// The entry of `action` on a record: log_entry_of with what was done to what.
privacy::LogEntry processing_entry(privacy::LogEntry base, std::string_view action, const records::Record& record,
                                   std::string_view subject, std::string_view result);
// Writes a processing-log entry for this call.
Status log_processing(Call& call, std::string_view action, const records::Record& record, std::string_view subject,
                      std::string_view result);

}  // namespace grip::api
