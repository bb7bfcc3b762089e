#pragma once
// Need-to-know for records: which records an actor may see, which fields of
// them, and the processing-log entry for every read or change of personal
// data. The role table (catalogue/roles.json) says what a role may; this
// file applies it to one record.

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "api/call.h"
#include "records/validator.h"
#include "storage/store.h"

namespace grip::api {

// Whether the actor's role may see this record at all: own-scope roles see
// only the activities of their organisation or locations and the persons
// and addresses those activities refer to.
Result<bool> may_see(Call& call, const storage::StoredRecord& record);
// Whether an own-scope actor may register this activity or aggregate (it
// must be of the actor's organisation or locations).
bool may_register(const Call& call, const records::Record& record);
// Whether an activity or aggregate is of the actor's organisation or at one
// of the actor's locations.
bool belongs_to(const records::Record& record, const auth::Actor& actor);
// For a delivery through the API: whether the actor may deliver this record
// (the role writes its kind; an own-scope role only its own records, and no
// new version of someone else's). Nullopt, or the error for the line.
Result<std::optional<records::FieldError>> may_deliver(storage::Store& store, const auth::Actor& actor,
                                                       const records::Record& record);
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
// or empty when the record has none.
Result<std::string> log_subject(Call& call, const storage::StoredRecord& record);
std::string subject_pseudonym(const privacy::Keyring& keys, int64_t subject);
// Logs `action` on the record when it holds personal data (nothing otherwise).
Status log_if_personal(Call& call, std::string_view action, const storage::StoredRecord& record);
// Writes a processing-log entry for this call.
Status log_processing(Call& call, std::string_view action, const records::Record& record, std::string_view subject,
                      std::string_view result);

}  // namespace grip::api
