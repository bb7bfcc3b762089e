// People without a BSN found again and linked as one human
// (docs/exchange-format.md, "Personen zonder BSN"; docs/api.md). Grip
// suggests the persons without a BSN that may be the same human (same
// normalised name and birth date), and a user with `persons.link` links two
// person records (a person's `same_as`) or undoes it. Need-to-know: an
// own-scope user sees of a suggested person of another organisation only
// that it exists, its record id, its pseudonymous subject and the
// organisations that registered it, never its names; the link is made by the
// server, which checks the match itself, so an id the user may not see can
// only be linked when it is a match of a person the user does see.

#include <optional>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "common/date.h"
#include "common/json_fields.h"
#include "records/name_key.h"
#include "records/record.h"
#include "records/validator.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using records::Kind;

namespace {

// A group of linked records longer than this is a mistake in the links.
constexpr size_t kLongestChain = 1000;

http::Response no_person() { return problem(status::not_found, "no such person"); }

// What a match is made of: the normalised name and what is known of the birth.
struct Identity {
    std::string name;          // records::name_key
    std::optional<Date> born;  // birth date
    std::optional<int> year;   // birth year (of the date, or given alone)
    bool bsn = false;
};

// A person record with its sealed fields, which only the server reads here.
Result<json::object> full_fields(Call& call, const storage::StoredRecord& stored) {
    json::object fields = stored.record.fields;
    if (stored.sealed.empty()) return fields;
    auto plain = call.services.keys.unseal(stored.sealed);
    if (!plain) return Error::storage("a record's personal data could not be unsealed: is this the right key file?");
    auto sealed = json::parse(*plain);
    if (sealed.is_object())
        for (const auto& [key, value] : sealed.as_object()) fields[key] = value;
    return fields;
}

Identity identity_of(const json::object& fields) {
    Identity out;
    out.name = records::name_key(string_value(fields, "given_name"), string_value(fields, "family_name"));
    out.born = Date::parse(string_value(fields, "birth_date"));
    if (out.born) out.year = out.born->year();
    else if (const auto* y = fields.if_contains("birth_year"); y && y->is_int64())
        out.year = static_cast<int>(y->get_int64());
    out.bsn = !string_value(fields, "bsn").empty();
    return out;
}

// The match rule: the same normalised name and the same birth date, or the
// same birth year when one of the two has only the year.
bool matches(const Identity& a, const Identity& b) {
    if (a.name.empty() || a.name != b.name || !a.year || !b.year) return false;
    if (a.born && b.born) return *a.born == *b.born;
    return *a.year == *b.year;
}

// The organisations whose activities refer to a person, with their names
// (organisations hold no personal data).
Result<json::array> organisations_of(storage::Store& store, const std::string& person) {
    std::set<std::string> ids;
    for (const auto& id : TRY(store.activities_referring("person", person)))
        if (auto activity = TRY(store.current(Kind::Activity, id)); activity && !activity->withdrawn)
            if (auto org = activity->record.text("organisation"); !org.empty()) ids.insert(std::string(org));
    json::array out;
    for (const auto& id : ids) {
        auto org = TRY(store.current(Kind::Organisation, id));
        out.push_back(json::object{{"id", id}, {"name", org ? std::string(org->record.text("name")) : std::string()}});
    }
    return out;
}

// A live person the actor may see, or nothing (answered as a missing one).
Result<std::optional<storage::StoredRecord>> visible_person(Call& call, const std::string& id) {
    auto stored = TRY(call.db.store->current(Kind::Person, id));
    if (!stored || stored->withdrawn || !TRY(may_see(call, *stored))) return std::optional<storage::StoredRecord>();
    return stored;
}

std::optional<http::Response> refused(Call& call) {
    if (!call.role().can_read(Kind::Person) || !call.role().personal_data)
        return problem(status::forbidden, "your role may not look for persons by personal data");
    return std::nullopt;
}

// The persons that may be the same human as `target` (a person record, or
// the identity given), and those linked to it already.
Answer person_matches(Call& call) {
    if (auto no = refused(call)) return *no;
    auto body = TRY(json_object_body(call));
    Identity wanted;
    std::optional<storage::StoredRecord> target;
    if (const auto* p = body.if_contains("person")) {
        if (!p->is_string())
            return problem(status::bad_request, "look for matches", {{"person", "must be a person id"}});
        auto found = TRY(visible_person(call, std::string(p->get_string())));
        if (!found) return no_person();
        target = std::move(found);
        auto fields = TRY(full_fields(call, *target));
        wanted = identity_of(fields);
        TRY(log_if_personal(call, "read", *target));
    } else {
        // Checked as a person record's fields are.
        json::object raw{{"kind", "person"}, {"id", "match"}};
        std::vector<InvalidParam> invalid;
        for (const char* key : {"given_name", "family_name", "birth_date", "birth_year"})
            if (const auto* v = body.if_contains(key)) raw[key] = *v;
            else if (std::string_view(key).starts_with("given") || std::string_view(key).starts_with("family"))
                invalid.push_back({key, "required, with a birth_date or birth_year"});
        if (!body.contains("birth_date") && !body.contains("birth_year"))
            invalid.push_back({"birth_date", "required: a birth_date (YYYY-MM-DD) or a birth_year"});
        auto v = records::validate_record(raw, call.services.catalogue.catalogue, records::ValueSource::Json);
        for (auto& e : v.errors) invalid.push_back({std::move(e.field), std::move(e.message)});
        if (!invalid.empty()) return problem(status::bad_request, "look for matches", invalid);
        wanted = identity_of(v.record->fields);
    }
    if (wanted.name.empty() || !wanted.year) return json_response(status::ok, json::object{{"items", json::array()}});

    auto persons = TRY(call.db.store->all_current(Kind::Person));
    json::array items;
    for (const auto& p : persons) {
        if (target && p.record.id == target->record.id) continue;
        const bool linked = target && p.subject && p.subject == target->subject;
        auto fields = TRY(full_fields(call, p));
        const auto who = identity_of(fields);
        if (!linked && (who.bsn || !matches(wanted, who))) continue;
        auto visible = TRY(may_see(call, p));
        auto organisations = TRY(organisations_of(*call.db.store, p.record.id));
        const bool direct =
            target && (p.record.text("same_as") == target->record.id || target->record.text("same_as") == p.record.id);
        json::object item{{"id", p.record.id},
                          {"subject", subject_pseudonym(call.services.keys, call.actor->municipality, p.subject)},
                          {"organisations", std::move(organisations)},
                          {"linked", linked},
                          {"direct", direct},
                          {"visible", visible}};
        // Names and the rest only of a person the user may see anyway.
        if (visible) {
            auto view = TRY(record_view(call, p));
            item["record"] = std::move(view);
        }
        auto subject = TRY(log_subject(call, p));
        if (auto logged = log_processing(call, "search", p.record, subject, "ok"); !logged) return logged.error();
        items.push_back(std::move(item));
    }
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

// Writes a new version of a person with `same_as` set to `other` (or
// cleared when empty), keeping its other fields: the server does it, so the
// user never reads the record of another organisation.
Writer::JobOf<ingest::WriteOutcome> set_same_as(const privacy::Keyring& keys, std::string id, std::string other) {
    return [&keys, id = std::move(id), other = std::move(other)](WriteBatch& batch) -> Result<ingest::WriteOutcome> {
        auto stored = TRY(batch.store.current(Kind::Person, id));
        if (!stored || stored->withdrawn) return Error::not_found("no such person");
        records::Record record = stored->record;
        record.withdrawn = false;
        if (!stored->sealed.empty()) {
            auto plain = keys.unseal(stored->sealed);
            if (!plain) return Error::storage("a record's personal data could not be unsealed");
            auto sealed = json::parse(*plain);
            if (sealed.is_object())
                for (const auto& [key, value] : sealed.as_object()) record.fields[key] = value;
        }
        if (other.empty()) record.fields.erase("same_as");
        else record.fields["same_as"] = other;
        return batch.records.apply(record);
    };
}

// Logs the change of a link on both persons: each one's human changed.
Status log_link(Call& call, const std::string& a, const std::string& b) {
    for (const auto& id : {a, b}) {
        auto stored = TRY(call.db.store->current(Kind::Person, id));
        if (!stored) continue;
        const auto subject = TRY(log_subject(call, *stored));
        TRY(log_processing(call, "update", stored->record, subject, "ok"));
    }
    return ok_status();
}

Answer link_answer(Call& call, const std::string& id, const std::string& other, bool linked) {
    auto a = TRY(call.db.store->current(Kind::Person, id));
    if (!a) return Error::storage("the person vanished after its write");
    return json_response(status::ok,
                         json::object{{"person", id},
                                      {"other", other},
                                      {"linked", linked},
                                      {"subject",
                                       subject_pseudonym(call.services.keys, call.actor->municipality, a->subject)}});
}

Answer link_persons(Call& call) {
    if (auto no = refused(call)) return *no;
    if (!call.role().can_write(Kind::Person)) return problem(status::forbidden, "your role may not write persons");
    auto body = TRY(json_object_body(call));
    const auto* o = body.if_contains("other");
    if (!o || !o->is_string() || o->get_string().empty())
        return problem(status::bad_request, "link two persons", {{"other", "required: the id of the other person"}});
    const std::string id = call.path.at("id");
    const std::string other(o->get_string());
    auto a = TRY(visible_person(call, id));
    if (!a || other == id) return no_person();
    auto b = TRY(call.db.store->current(Kind::Person, other));
    if (!b || b->withdrawn) return no_person();
    auto a_fields = full_fields(call, *a);
    auto b_fields = full_fields(call, *b);
    if (!a_fields || !b_fields) return !a_fields ? a_fields.error() : b_fields.error();
    const auto who_a = identity_of(*a_fields);
    const auto who_b = identity_of(*b_fields);
    // A person the user may not see is linked only as a match of one it
    // does: any other id answers as a missing one, so ids cannot be probed.
    auto b_visible = TRY(may_see(call, *b));
    if (!b_visible && (who_b.bsn || !matches(who_a, who_b))) return no_person();
    if ((*a).subject == (*b).subject) return link_answer(call, id, other, true);
    if (who_a.bsn && who_b.bsn)
        return problem(status::conflict, "two persons with a BSN are one human only by their BSN");
    // The link goes on a record without one: this person's, else the other's,
    // else the end of the other's chain of links.
    std::string writes = id, to = other;
    if (!(*a).record.text("same_as").empty()) {
        writes = other;
        to = id;
        std::set<std::string> seen;
        for (auto cur = b; !cur->record.text("same_as").empty();) {
            writes = std::string(cur->record.text("same_as"));
            if (!seen.insert(writes).second || seen.size() > kLongestChain)
                return problem(status::conflict, "the other person's links run in a circle");
            auto next = TRY(call.db.store->current(Kind::Person, writes));
            if (!next || next->withdrawn) return problem(status::conflict, "the other person's links are broken");
            cur = next;
        }
    }
    TRY(call.services.writer.run(call.actor->municipality, set_same_as(call.services.keys, writes, to)));
    TRY(log_link(call, id, other));
    return link_answer(call, id, other, true);
}

Answer unlink_persons(Call& call) {
    if (auto no = refused(call)) return *no;
    if (!call.role().can_write(Kind::Person)) return problem(status::forbidden, "your role may not write persons");
    const std::string id = call.path.at("id");
    const std::string other = call.path.at("other");
    auto a = TRY(visible_person(call, id));
    if (!a) return no_person();
    auto b = TRY(call.db.store->current(Kind::Person, other));
    if (!b || b->withdrawn) return no_person();
    // Only a link between these two: the record that holds it loses it.
    std::string writes;
    if ((*a).record.text("same_as") == other) writes = id;
    else if ((*b).record.text("same_as") == id) writes = other;
    else return problem(status::not_found, "these persons are not linked to each other");
    TRY(call.services.writer.run(call.actor->municipality, set_same_as(call.services.keys, writes, "")));
    TRY(log_link(call, id, other));
    return link_answer(call, id, other, false);
}

}  // namespace

void add_person_link_routes(Router& router) {
    router.add({verb::post,
                "/api/v1/persons/matches",
                Access::SignedIn,
                "",
                person_matches,
                {"matchPersons",
                 "Persons without a BSN that may be the same human (same name and birth date), and those linked "
                 "already; of a person the user may not see only its id, subject and organisations",
                 "records",
                 {},
                 "PersonMatchQuery",
                 {"application/json"},
                 {{200, "The possible matches", "PersonMatches"},
                  {400, "No person and no name with a birth date", "Problem"},
                  kNotSignedIn,
                  {403, "The role may not look for persons by personal data", "Problem"},
                  {404, "No such person (or not one the user may see)", "Problem"},
                  kNotJson}}});
    router.add({verb::post,
                "/api/v1/persons/{id}/links",
                Access::SignedIn,
                "persons.link",
                link_persons,
                {"linkPersons",
                 "Link a person to another person record of the same human (counted once)",
                 "records",
                 {},
                 "PersonLinkRequest",
                 {"application/json"},
                 {{200, "Linked", "PersonLink"},
                  {400, "No other person given", "Problem"},
                  kNotSignedIn,
                  kRoleMayNot,
                  {404, "No such person, or the other is not one the user may see nor a match", "Problem"},
                  {409, "Both have a BSN, or the other's links are broken", "Problem"},
                  kNotJson}}});
    router.add({verb::delete_,
                "/api/v1/persons/{id}/links/{other}",
                Access::SignedIn,
                "persons.link",
                unlink_persons,
                {"unlinkPersons",
                 "Undo the link between two person records",
                 "records",
                 {},
                 "",
                 {},
                 {{200, "Unlinked", "PersonLink"},
                  kNotSignedIn,
                  kRoleMayNot,
                  {404, "No such person, or the two are not linked to each other", "Problem"}}}});
}

}  // namespace grip::api
