#include "report/access_request.h"

#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "privacy/subject_pseudonym.h"
#include "report/template_engine.h"

namespace grip::report {
namespace json = boost::json;
using records::Kind;

namespace {

// A record as the person reads it: its fields, the sealed ones opened.
Result<json::object> record_json(const privacy::Keyring& keys, const storage::StoredRecord& stored) {
    json::object fields;
    for (const auto& [key, value] : stored.record.fields) fields[key] = value;
    if (!stored.sealed.empty()) {
        const auto plain = keys.unseal(stored.sealed);
        if (!plain) return Error::storage("personal data could not be unsealed: is this the right key file?");
        auto sealed = json::parse(*plain);
        if (sealed.is_object())
            for (const auto& [key, value] : sealed.as_object()) fields[key] = value;
    }
    return json::object{{"id", stored.record.id},
                        {"version", stored.seq},
                        {"withdrawn", stored.withdrawn},
                        {"fields", std::move(fields)}};
}

// The earlier versions, as the history keeps them (without personal fields).
Result<json::array> versions_json(storage::Store& store, Kind kind, std::string_view id) {
    json::array out;
    for (const auto& v : TRY(store.history(kind, id)))
        out.push_back(json::object{
            {"version", v.seq}, {"recorded_at", v.recorded_at}, {"withdrawn", v.withdrawn}, {"fields", v.fields}});
    return out;
}

Result<json::object> with_history(storage::Store& store, const privacy::Keyring& keys, const storage::StoredRecord& r) {
    auto out = TRY(record_json(keys, r));
    out["history"] = TRY(versions_json(store, r.record.kind, r.record.id));
    return out;
}

json::object log_json(const privacy::LogEntry& e) {
    return json::object{{"time", e.time},
                        {"actor", e.actor},
                        {"action", privacy::to_text(e.action)},
                        {"processing_activity", e.processing_activity},
                        {"record", e.record},
                        {"result", privacy::to_text(e.result)},
                        {"trace_id", e.trace_id}};
}

}  // namespace

Result<json::object> export_access_request(storage::Store& store, const privacy::Keyring& keys,
                                           const catalogue::Catalogue& catalogue, const privacy::ProcessingLog& log,
                                           const AccessRequest& request) {
    json::object out{{"generated_at", request.generated_at},
                     {"municipality", request.municipality},
                     {"found", false},
                     {"subject", nullptr}};
    json::array persons, activities, addresses, cases, entries;
    const auto subject = TRY(store.find_subject(keys.pseudonym("bsn", request.bsn)));
    if (subject) {
        const std::string pseudonym = privacy::subject_pseudonym(keys, request.municipality, *subject);
        out["subject"] = pseudonym;
        // Every source's record of the person.
        storage::RecordFilter filter;
        filter.subject = *subject;
        filter.include_withdrawn = true;
        std::vector<storage::StoredRecord> person_rows;
        for (std::string after;;) {
            auto page = TRY(store.list_current(Kind::Person, filter, after, 500));
            if (page.empty()) break;
            after = page.back().record.id;
            for (auto& p : page) person_rows.push_back(std::move(p));
        }
        std::set<std::string> activity_ids, address_ids;
        for (const auto& p : person_rows) {
            persons.push_back(TRY(with_history(store, keys, p)));
            for (auto& id : TRY(store.activities_referring("person", p.record.id))) activity_ids.insert(std::move(id));
        }
        // The activities about them, and the addresses those took place at.
        for (const auto& id : activity_ids) {
            const auto a = TRY(store.current(Kind::Activity, id));
            if (!a) continue;
            auto item = TRY(with_history(store, keys, *a));
            const auto type = a->record.text("type");
            if (const auto* t = catalogue.activity_type(type)) item["type_label"] = t->label;
            if (auto address = a->record.text("address"); !address.empty()) address_ids.insert(std::string(address));
            activities.push_back(std::move(item));
            // The cases about the activity, with what happened in them.
            storage::CaseFilter about;
            about.subject_kind = "activity";
            about.subject_id = id;
            for (const auto& c : TRY(store.cases(about))) {
                json::array events;
                for (const auto& e : TRY(store.case_events(c.id)))
                    events.push_back(json::object{{"at", e.at},
                                                  {"actor", e.actor},
                                                  {"action", e.action},
                                                  {"from_state", e.from_state},
                                                  {"to_state", e.to_state},
                                                  {"data", json::parse(e.data)}});
                cases.push_back(json::object{{"id", c.id},
                                             {"type", c.type},
                                             {"about", fmt::format("activity/{}", id)},
                                             {"state", c.state},
                                             {"opened_on", c.opened_on},
                                             {"closed", c.closed},
                                             {"data", json::parse(c.data)},
                                             {"events", std::move(events)}});
            }
        }
        for (const auto& id : address_ids)
            if (const auto a = TRY(store.current(Kind::Address, id)))
                addresses.push_back(TRY(with_history(store, keys, *a)));
        // Who processed the person's data, when and why.
        privacy::LogQuery query;
        query.subject = pseudonym;
        query.municipality = request.municipality;
        query.home = request.home;
        for (const auto& e : TRY(log.read(query))) entries.push_back(log_json(e));
        out["found"] = !person_rows.empty();
    }
    out["persons"] = std::move(persons);
    out["activities"] = std::move(activities);
    out["addresses"] = std::move(addresses);
    out["cases"] = std::move(cases);
    out["processing_log"] = std::move(entries);
    return out;
}

namespace {

// Fields as label/value pairs for the template (mustache cannot walk an object's keys).
json::array pairs(const json::value& fields) {
    json::array out;
    if (!fields.is_object()) return out;
    for (const auto& [key, value] : fields.as_object())
        out.push_back(json::object{{"name", key},
                                   {"value", value.is_string() ? json::value(value.as_string())
                                                               : json::value(json::serialize(value))}});
    return out;
}

void add_pairs(json::array& items) {
    for (auto& item : items) {
        auto& o = item.as_object();
        o["field_list"] = pairs(o["fields"]);
        if (auto* h = o.if_contains("history"))
            for (auto& v : h->as_array()) v.as_object()["field_list"] = pairs(v.as_object()["fields"]);
        if (auto* d = o.if_contains("data")) o["data_text"] = json::serialize(*d);
        if (auto* events = o.if_contains("events"))
            for (auto& e : events->as_array()) e.as_object()["data_text"] = json::serialize(e.as_object()["data"]);
    }
}

}  // namespace

Result<std::string> render_access_request(const json::object& model, const std::filesystem::path& template_dir) {
    json::value view = model;
    auto& v = view.as_object();
    for (const char* list : {"persons", "activities", "addresses", "cases"}) add_pairs(v[list].as_array());
    for (const char* list : {"persons", "activities", "addresses", "cases", "processing_log"})
        v[fmt::format("has_{}", list)] = !v[list].as_array().empty();
    const auto tmpl = TRY(load_template_file(template_dir / "access_request.html.mustache"));
    return render_template(tmpl, view, Escape::Html);
}

}  // namespace grip::report
