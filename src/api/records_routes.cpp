// /api/v1/records: every record kind of the exchange format — list with
// filters and cursor, read, create, replace, withdraw, history. Validation is
// the importer's (records::validate_record), writes go through the record
// writer that keeps history and figures in step, and every touch of personal
// data is in the processing log.

#include <charconv>
#include <unordered_set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/record_access.h"
#include "api/request_body.h"
#include "api/services.h"
#include "indicators/area_tree.h"
#include "quality/figure_checks.h"
#include "records/validator.h"

namespace grip::api {
namespace json = boost::json;
using boost::beast::http::status;
using boost::beast::http::verb;
using records::Kind;

namespace {

// The kind named in the path; nullopt answers 404.
std::optional<Kind> path_kind(const Call& call) { return records::parse_kind(call.path.at("kind")); }

// The longest reason of a withdrawal, in characters.
constexpr size_t kReasonLength = 500;

http::Response not_found() { return problem(status::not_found, "no such record"); }

http::Response forbidden_kind(std::string_view what) {
    return problem(status::forbidden, fmt::format("your role may not {} records of this kind", what));
}

// Period, area, type, location, organisation and cursor from the query.
Result<storage::RecordFilter> filter_of(Call& call) {
    storage::RecordFilter filter;
    filter.type = call.query_value("type");
    filter.location = call.query_value("location");
    filter.organisation = call.query_value("organisation");
    if (auto p = call.query_value("period"); !p.empty()) {
        auto period = Period::parse(p);
        if (!period) return Error::invalid("period: must be YYYY, YYYY-Qn or YYYY-MM");
        filter.date_from = period->first_day().iso();
        filter.date_to = period->last_day().iso();
    }
    if (auto a = call.query_value("area"); !a.empty()) {
        auto tree = TRY(call.db.indicators(call.services.catalogue.catalogue).area_tree());
        const auto key = tree.key_for_request(a);
        if (!key) return Error::invalid("area: no such area (an area code, `priority` or `rest`)");
        // The whole municipality is no filter: it includes activities without an area.
        if (*key != indicators::kAreaAll) {
            filter.areas = tree.codes_under(*key);
            if (filter.areas.empty()) filter.areas.emplace_back();  // an area with nothing in it
        }
    }
    return filter;
}

Answer list_records(Call& call) {
    const auto kind = path_kind(call);
    if (!kind) return not_found();
    if (!call.role().can_read(*kind)) return forbidden_kind("read");
    auto filter = filter_of(call);
    if (!filter) return filter.error();
    auto limit = page_limit(call);
    if (!limit) return limit.error();
    const bool scoped_subjects = call.own_scope() && (*kind == Kind::Person || *kind == Kind::Address);
    if (*kind == Kind::Activity || *kind == Kind::Aggregate) apply_scope(call, *filter);

    json::array items;
    std::vector<storage::StoredRecord> shown;  // the personal records of the page, for the processing log
    std::string cursor = call.query_value("cursor");
    bool more = true;
    // Persons and addresses of an own-scope role are checked 500 at a time;
    // a page then holds what a bounded scan found, and the cursor goes on.
    int scanned = 0;
    const int scan_budget = scoped_subjects ? 5000 : *limit;
    while (more && static_cast<int>(items.size()) < *limit && scanned < scan_budget) {
        const int want =
            scoped_subjects ? std::min(500, scan_budget - scanned) : *limit - static_cast<int>(items.size());
        auto rows = call.db.store->list_current(*kind, *filter, cursor, want);
        if (!rows) return rows.error();
        more = static_cast<int>(rows->size()) == want;
        // The need-to-know of the scanned persons or addresses in one
        // statement (a join with the user's activities and grants), not two
        // reads per record.
        std::unordered_set<std::string> in_scope;
        if (scoped_subjects) {
            std::vector<std::string> ids;
            ids.reserve(rows->size());
            for (const auto& row : *rows) ids.push_back(row.record.id);
            auto found = call.db.store->in_scope_ids(*kind, ids, call.actor->organisation, call.actor->locations,
                                                     call.actor->user, call.services.clock.now());
            if (!found) return found.error();
            in_scope = std::move(*found);
        }
        for (auto& row : *rows) {
            ++scanned;
            cursor = row.record.id;
            if (scoped_subjects) {
                if (!in_scope.count(row.record.id)) continue;
            } else {
                auto visible = may_see(call, row);
                if (!visible) return visible.error();
                if (!*visible) continue;
            }
            auto view = record_view(call, row);
            if (!view) return view.error();
            items.push_back(std::move(*view));
            const bool last = &row == &rows->back();
            if (is_personal(row.record)) shown.push_back(std::move(row));
            if (static_cast<int>(items.size()) == *limit) {
                more = more || !last;
                break;
            }
        }
    }
    // The page's personal records in the processing log: one append.
    if (auto logged = log_each_personal(call, "list", shown); !logged) return logged.error();
    json::object page{{"items", std::move(items)}, {"next_cursor", more ? json::value(cursor) : json::value(nullptr)}};
    return json_response(status::ok, page);
}

// Reads the record named in the path if the actor may see it.
Result<std::optional<storage::StoredRecord>> visible_record(Call& call, Kind kind) {
    auto stored = TRY(call.db.store->current(kind, call.path.at("id")));
    if (!stored) return std::optional<storage::StoredRecord>();
    if (!TRY(may_see(call, *stored))) {
        // Not one the user may see: the answer is "no such record", the
        // processing log says whose record it was.
        if (is_personal(stored->record)) call.refused_subject = TRY(log_subject(call, *stored));
        return std::optional<storage::StoredRecord>();
    }
    return stored;
}

Answer read(Call& call) {
    const auto kind = path_kind(call);
    if (!kind) return not_found();
    if (!call.role().can_read(*kind)) return forbidden_kind("read");
    auto stored = visible_record(call, *kind);
    if (!stored) return stored.error();
    if (!*stored) return not_found();
    auto view = record_view(call, **stored);
    if (!view) return view.error();
    if (auto logged = log_if_personal(call, "read", **stored); !logged) return logged.error();
    return json_response(status::ok, *view);
}

// Whether an own-scope actor sees this version of a record: an activity or
// aggregate may have been another organisation's before (a version of
// theirs would show their person and address); a withdrawal shows as far as
// the version before it does.
bool shows_version(const Call& call, records::Kind kind, const storage::HistoryEntry& version, bool& previous_shown) {
    if (!call.own_scope() || (kind != Kind::Activity && kind != Kind::Aggregate)) return true;
    if (version.withdrawn) return previous_shown;
    records::Record fields;
    fields.kind = kind;
    fields.fields = version.fields;
    previous_shown = belongs_to(fields, *call.actor);
    return previous_shown;
}

Answer history(Call& call) {
    const auto kind = path_kind(call);
    if (!kind) return not_found();
    if (!call.role().can_read(*kind)) return forbidden_kind("read");
    auto stored = visible_record(call, *kind);
    if (!stored) return stored.error();
    if (!*stored) return not_found();
    auto versions = call.db.store->history(*kind, call.path.at("id"));
    if (!versions) return versions.error();
    json::array items;
    bool previous_shown = false;
    for (const auto& v : *versions) {
        if (!shows_version(call, *kind, v, previous_shown)) continue;
        json::object fields;
        for (const auto& [key, value] : v.fields)
            if (shows_field(call, *kind, key)) fields[key] = value;
        json::object item{{"version", v.seq},
                          {"delivery", v.delivery},
                          {"withdrawn", v.withdrawn},
                          {"recorded_at", v.recorded_at},
                          {"fields", std::move(fields)}};
        // The reason of the current withdrawal, kept sealed with it: shown
        // to a role that sees personal data (a reason may name a person).
        if (v.withdrawn && v.seq == (*stored)->seq && (*stored)->withdrawn) {
            auto view = record_view(call, **stored);
            if (!view) return view.error();
            if (const auto* r = view->if_contains("withdrawal_reason")) item["reason"] = *r;
        }
        items.push_back(std::move(item));
    }
    if (auto logged = log_if_personal(call, "read", **stored); !logged) return logged.error();
    return json_response(status::ok, json::object{{"items", std::move(items)}});
}

enum class WriteMode { Create, Replace, Withdraw };

// The write job: checks again inside the batch (the store may have changed
// since the request was checked), then applies. A person or address that an
// own-scope actor registers is granted to them, so that their activity may
// refer to it.
// The change of personal data goes to the processing log with the batch
// (WriteBatch::log): `entry` is the call's entry, `keys` make its subject's
// pseudonym.
Writer::JobOf<ingest::WriteOutcome> write_job(records::Record record, WriteMode mode, auth::Actor actor, int64_t now,
                                              privacy::LogEntry entry, const privacy::Keyring& keys) {
    return [record = std::move(record), mode, actor = std::move(actor), now, entry = std::move(entry),
            &keys](WriteBatch& batch) -> Result<ingest::WriteOutcome> {
        auto existing = TRY(batch.store.current(record.kind, record.id));
        const bool exists = existing && !existing->withdrawn;
        if (mode == WriteMode::Create && exists) return Error::conflict("a record with this id exists");
        if (mode == WriteMode::Withdraw && !exists) return Error::not_found("no such record");
        if (existing && !TRY(may_refer(batch.store, actor, now, *existing))) return Error::not_found("no such record");
        for (const auto& ref : record.references()) {
            if (TRY(keeps_link(batch.store, record, ref))) continue;  // made through the link routes
            const bool stored = TRY(batch.records.reference(ref.kind, ref.id)) == ingest::RefState::Exists;
            auto target = stored ? TRY(batch.store.current(ref.kind, ref.id)) : std::nullopt;
            if (!target || !TRY(may_refer(batch.store, actor, now, *target)))
                return Error::invalid(
                    fmt::format("{}: refers to a {} that is not stored", ref.field, records::kind_name(ref.kind)));
        }
        const auto outcome = TRY(batch.records.apply(record));
        if (outcome == ingest::WriteOutcome::Stored)
            TRY(grant_reference(batch.store, actor, now, record.kind, record.id));
        auto stored = TRY(batch.store.current(record.kind, record.id));
        if (!stored) return Error::storage("the record vanished in its write");
        if (batch.log && (is_personal(stored->record) || (existing && is_personal(existing->record)))) {
            const auto subject =
                TRY(log_subject(batch.store, keys, actor.municipality, *stored, existing ? &*existing : nullptr));
            const std::string_view action = mode == WriteMode::Withdraw               ? "withdraw"
                                            : outcome == ingest::WriteOutcome::Stored ? "create"
                                                                                      : "update";
            batch.log->push_back(processing_entry(entry, action, stored->record, subject, "ok"));
        }
        return outcome;
    };
}

Answer write(Call& call, WriteMode mode) {
    const auto kind = path_kind(call);
    if (!kind) return not_found();
    if (!call.role().can_write(*kind)) return forbidden_kind("write");

    // The record from the body (or, for a withdrawal, from the path).
    json::object raw;
    std::string reason;
    if (mode == WriteMode::Withdraw) {
        raw["kind"] = records::kind_name(*kind);
        raw[records::kind_spec(*kind).id_field] = call.path.at("id");
        raw["deleted"] = true;
        // Why it is withdrawn (optional): {"reason": "..."} in the body.
        if (!call.request.body().empty()) {
            auto body = json_object_body(call);
            if (!body) return body.error();
            if (const auto* r = body->if_contains("reason")) {
                if (!r->is_string() || r->get_string().empty())
                    return problem(status::bad_request, "the reason is not valid",
                                   {{"reason", "must be a non-empty string"}});
                if (auto bad = records::text_problem(r->get_string(), kReasonLength, true))
                    return problem(status::bad_request, "the reason is not valid", {{"reason", *bad}});
                reason = std::string(r->get_string());
            }
        }
    } else {
        auto body = json_object_body(call);
        if (!body) return body.error();
        raw = std::move(*body);
        if (auto* k = raw.if_contains("kind"); k && (!k->is_string() || k->get_string() != records::kind_name(*kind)))
            return problem(status::bad_request, "the body's kind is not the kind of the path",
                           {{"kind", "must be the kind of the path or left out"}});
        raw["kind"] = records::kind_name(*kind);
        const auto id_field = records::kind_spec(*kind).id_field;
        if (mode == WriteMode::Replace) {
            if (auto* id = raw.if_contains(id_field);
                id && (!id->is_string() || id->get_string() != call.path.at("id")))
                return problem(status::bad_request, "the body's id is not the id of the path",
                               {{std::string(id_field), "must be the id of the path or left out"}});
            raw[id_field] = call.path.at("id");
        }
    }
    auto v = records::validate_record(raw, call.services.catalogue.catalogue, records::ValueSource::Json);
    if (!v.errors.empty()) {
        std::vector<InvalidParam> invalid;
        for (auto& e : v.errors) invalid.push_back({std::move(e.field), std::move(e.message)});
        return problem(status::bad_request, "the record is not valid", invalid);
    }
    auto record = std::move(*v.record);
    // The record writer keeps the reason sealed with the withdrawal (it may name a person).
    if (!reason.empty()) record.fields["withdrawal_reason"] = reason;

    // Replacing or withdrawing needs the record to be visible to the actor,
    // withdrawn or not (a withdrawn record stays its owner's); registering
    // needs it to be the actor's own.
    auto existing = call.db.store->current(*kind, record.id);
    if (!existing) return existing.error();
    const bool exists = *existing && !(*existing)->withdrawn;
    bool visible = true;
    if (*existing) {
        auto may = may_see(call, **existing);
        if (!may) return may.error();
        visible = *may;
    }
    const auto taken = [] { return problem(status::conflict, "a record with this id exists; replace it with PUT"); };
    if (mode == WriteMode::Create && (exists || !visible)) return taken();
    if (!visible) return not_found();
    if (mode == WriteMode::Withdraw && !exists) return not_found();
    if (mode != WriteMode::Withdraw && !may_register(call, record))
        return problem(status::forbidden, "you may only register records of your own organisation or locations",
                       {{"organisation", "must be your organisation, or location one of your locations"}});
    if (mode != WriteMode::Withdraw) {
        auto refused = reference_refusals(call, record);
        if (!refused) return refused.error();
        if (!refused->empty()) {
            std::vector<InvalidParam> invalid;
            for (auto& e : *refused) invalid.push_back({std::move(e.field), std::move(e.message)});
            return problem(status::bad_request, "the record refers to records that are not stored", invalid);
        }
    }

    // The writer answers once the batch is committed and its processing-log
    // entries (this write's among them) are on disk.
    auto outcome = call.services.writer.run(call.actor->municipality,
                                            write_job(record, mode, *call.actor, call.services.clock.now(),
                                                      log_entry_of(call), call.services.keys));
    if (!outcome) return outcome.error();

    auto stored = call.db.store->current(*kind, record.id);
    if (!stored || !*stored) return stored ? Error::storage("the record vanished after its write") : stored.error();
    if (mode == WriteMode::Withdraw) {
        http::Response response{status::no_content, 11};
        response.prepare_payload();
        return response;
    }
    auto view = record_view(call, **stored);
    if (!view) return view.error();
    if (*kind == Kind::Activity) {
        // The checks across figures the registration's month now breaks: a
        // warning beside the stored record, never a refusal.
        const auto& catalogue = call.services.catalogue.catalogue;
        quality::Touched touched;
        touched.add((*stored)->record);
        auto warnings = quality::warnings_for(*call.db.store, catalogue, call.db.indicators(catalogue), touched,
                                              call.role().may("indicators.read"));
        if (!warnings) return warnings.error();
        if (!warnings->empty()) (*view)["warnings"] = std::move(*warnings);
    }
    // Registering again what its owner withdrew is a registration too.
    const bool created = mode == WriteMode::Create || *outcome == ingest::WriteOutcome::Stored;
    auto response = json_response(created ? status::created : status::ok, *view);
    response.set(boost::beast::http::field::location,
                 fmt::format("/api/v1/records/{}/{}", records::kind_name(*kind), record.id));
    return response;
}

}  // namespace

void add_record_routes(Router& router) {
    const std::vector<QueryParamDoc> filters = {
        {"type", "Only records of this type (activity, location, organisation, aggregate, motion types)"},
        {"period", "Only records dated in this period: YYYY, YYYY-Qn or YYYY-MM"},
        {"area", "Only records in this area (a gemeente, wijk or buurt code, `priority` or `rest`)"},
        {"location", "Only activities at this location (id)"},
        {"organisation", "Only activities and aggregates of this organisation (id)"},
        {"cursor", "The next_cursor of the previous page"},
        {"limit", "Records per page (1-500, default 50)", "integer"},
    };
    const ResponseDoc& unauthorised = kNotSignedIn;
    const ResponseDoc& forbidden = kRoleMayNot;
    const ResponseDoc missing{404, "No such record, or not one the user may see", "Problem"};
    const ResponseDoc invalid{400, "Invalid record: invalid_params lists every field", "Problem"};
    router.add({verb::get,
                "/api/v1/records/{kind}",
                Access::SignedIn,
                "",
                list_records,
                {"listRecords",
                 "List the current records of a kind",
                 "records",
                 filters,
                 "",
                 {},
                 {{200, "A page of records", "RecordPage"}, invalid, unauthorised, forbidden, missing}}});
    router.add({verb::post,
                "/api/v1/records/{kind}",
                Access::SignedIn,
                "",
                [](Call& c) { return write(c, WriteMode::Create); },
                {"createRecord",
                 "Register a new record (its id in the body)",
                 "records",
                 {},
                 "RecordInput",
                 {"application/json"},
                 {{201, "Stored", "Record"},
                  invalid,
                  unauthorised,
                  forbidden,
                  missing,
                  {409, "A record with this id exists", "Problem"},
                  {413, "Body too large", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/records/{kind}/{id}",
                Access::SignedIn,
                "",
                read,
                {"getRecord",
                 "Read the current version of a record",
                 "records",
                 {},
                 "",
                 {},
                 {{200, "The record", "Record"}, unauthorised, forbidden, missing}}});
    router.add({verb::put,
                "/api/v1/records/{kind}/{id}",
                Access::SignedIn,
                "",
                [](Call& c) { return write(c, WriteMode::Replace); },
                {"replaceRecord",
                 "Replace a record with a new version (or create it)",
                 "records",
                 {},
                 "RecordInput",
                 {"application/json"},
                 {{200, "Replaced (or unchanged)", "Record"},
                  {201, "Created", "Record"},
                  invalid,
                  unauthorised,
                  forbidden,
                  missing,
                  {413, "Body too large", "Problem"},
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::delete_,
                "/api/v1/records/{kind}/{id}",
                Access::SignedIn,
                "",
                [](Call& c) { return write(c, WriteMode::Withdraw); },
                {"withdrawRecord",
                 "Withdraw a record (its history is kept); an optional body {\"reason\": \"...\"} says why (at most "
                 "500 characters, kept sealed with the withdrawal, shown in its history)",
                 "records",
                 {},
                 "Withdrawal",
                 {"application/json"},
                 {{204, "Withdrawn", ""},
                  {400, "The reason is not valid", "Problem"},
                  unauthorised,
                  forbidden,
                  missing,
                  {415, "Not JSON", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/records/{kind}/{id}/history",
                Access::SignedIn,
                "",
                history,
                {"getRecordHistory",
                 "Every version of a record, the current one last",
                 "records",
                 {},
                 "",
                 {},
                 {{200, "The versions, oldest first", "History"}, unauthorised, forbidden, missing}}});
}

}  // namespace grip::api
