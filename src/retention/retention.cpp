#include "retention/retention.h"

#include "privacy/subject_pseudonym.h"
#include "storage/data_subject.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>

namespace grip::retention {
using records::Kind;

Date add_years(Date day, int years) {
    const unsigned d = day.month() == 2 && day.day() == 29 ? 28 : day.day();
    return Date::from_ymd(day.year() + years, day.month(), d);
}

int64_t Plan::count(Kind kind) const {
    return std::count_if(records.begin(), records.end(), [&](const Expired& e) { return e.kind == kind; });
}

namespace {

struct Keep {
    Date until;
    int64_t subject = 0;
    bool sealed = false;     // holds sealed data now
    bool withdrawn = false;  // its history may still hold some
};

// The day a delivery was taken in: the date of its finish (else its start).
Result<std::unordered_map<int64_t, Date>> delivery_days(storage::Store& store) {
    std::unordered_map<int64_t, Date> out;
    for (const auto& d : TRY(store.deliveries())) {
        const std::string& at = d.finished_at.empty() ? d.started_at : d.finished_at;
        if (auto day = Date::parse(std::string_view(at).substr(0, 10))) out.emplace(d.id, *day);
    }
    return out;
}

}  // namespace

namespace {

// The closed cases past their type's period whose texts are still there.
Status plan_cases(storage::Store& store, const casework::Workflows& workflows, Plan& out) {
    for (const auto& c : TRY(store.cases(storage::CaseFilter{}))) {
        if (!c.closed) continue;
        const auto* type = workflows.find(c.type);
        if (!type || type->retention_years == 0) continue;
        const auto closed = Date::parse(std::string_view(c.state_since).substr(0, 10));
        if (!closed) continue;
        const Date until = add_years(*closed, type->retention_years);
        if (until >= out.as_of) continue;
        if (boost::json::parse(c.data).as_object().contains("removed")) continue;  // done before
        out.cases.push_back({c.id, c.subject_kind, c.subject_id, until});
    }
    return ok_status();
}

// A withdrawn activity keeps the reason of its withdrawal (sealed: it may
// name a person) for its type's period from the day it was withdrawn; then
// the reason goes, from the current version and the history.
Status plan_withdrawal_reasons(storage::Store& store, const catalogue::Catalogue& catalogue,
                               const std::unordered_map<int64_t, Date>& days, Plan& out) {
    storage::RecordFilter filter;
    filter.include_withdrawn = true;
    constexpr int kPage = 500;
    std::string after;
    for (;;) {
        const auto page = TRY(store.list_current(Kind::Activity, filter, after, kPage));
        for (const auto& a : page) {
            if (!a.withdrawn || a.sealed.empty()) continue;
            const auto day = days.find(a.delivery);
            if (day == days.end()) continue;  // cannot be dated: kept
            const auto* type = catalogue.activity_type(a.record.text("type"));
            const int years =
                type && type->retention_years > 0 ? type->retention_years : catalogue.retention.activity_years;
            if (years <= 0) continue;
            const Date until = add_years(day->second, years);
            if (until < out.as_of) out.records.push_back({Kind::Activity, a.record.id, 0, until});
        }
        if (page.size() < static_cast<size_t>(kPage)) break;
        after = page.back().record.id;
    }
    return ok_status();
}

}  // namespace

Result<Plan> plan(storage::Store& store, const catalogue::Catalogue& catalogue, const casework::Workflows* workflows,
                  Date as_of) {
    const auto& rules = catalogue.retention;
    if (!rules.configured())
        return Error::invalid(
            "the catalogue sets no retention periods (retention.person_years, address_years, "
            "activity_years): nothing can expire");
    const auto days = TRY(delivery_days(store));
    std::map<std::string, Keep> kept[2];  // persons, addresses
    const Kind kinds[2] = {Kind::Person, Kind::Address};
    const int years[2] = {rules.person_years, rules.address_years};
    for (int k = 0; k < 2; ++k) {
        for (const auto& r : TRY(store.all_current(kinds[k]))) {
            const auto day = days.find(r.delivery);
            // A record of an unknown delivery is kept (it cannot be dated).
            const Date delivered = day == days.end() ? as_of : day->second;
            kept[k][r.record.id] = {add_years(delivered, years[k]), r.subject, !r.sealed.empty(), r.withdrawn};
        }
    }
    // An activity keeps the person and the address it is about for its own period.
    TRY(store.for_each_activity([&](const storage::StoredRecord& a) -> Status {
        const auto* type = catalogue.activity_type(a.record.text("type"));
        const int n = type && type->retention_years > 0 ? type->retention_years : rules.activity_years;
        const auto end = Date::parse(a.record.text("end_date"));
        const auto date = Date::parse(a.record.text("date"));
        if (!date) return ok_status();
        const Date until = add_years(end ? *end : *date, n);
        for (int k = 0; k < 2; ++k) {
            const auto ref = a.record.text(k == 0 ? "person" : "address");
            if (ref.empty()) continue;
            auto it = kept[k].find(std::string(ref));
            if (it != kept[k].end()) it->second.until = std::max(it->second.until, until);
        }
        return ok_status();
    }));

    Plan out;
    out.as_of = as_of;
    std::set<int64_t> expired_subjects, kept_subjects;
    for (int k = 0; k < 2; ++k) {
        for (const auto& [id, keep] : kept[k]) {
            // The period ends with its last day: the day after, the data goes.
            if (keep.until >= as_of) {
                ++(k == 0 ? out.kept_persons : out.kept_addresses);
                if (keep.subject) kept_subjects.insert(keep.subject * 2 + k);
                continue;
            }
            if (keep.subject) expired_subjects.insert(keep.subject * 2 + k);
            if (keep.sealed || keep.withdrawn) out.records.push_back({kinds[k], id, keep.subject, keep.until});
        }
    }
    TRY(plan_withdrawal_reasons(store, catalogue, days, out));
    // A subject goes when every record of it went: two sources' records of
    // one BSN share it, and one of them may still be within its period.
    std::set<int64_t> subjects;
    for (const auto s : expired_subjects)
        if (!kept_subjects.count(s)) subjects.insert(s / 2);
    // Only the subjects of records that go now: the others were unlinked before.
    std::set<int64_t> going;
    for (const auto& e : out.records)
        if (e.subject && subjects.count(e.subject)) going.insert(e.subject);
    out.subjects.assign(going.begin(), going.end());
    if (workflows) TRY(plan_cases(store, *workflows, out));
    return out;
}

Status apply_cases(storage::Store& store, const Plan& plan,
                   const std::function<Status(const std::vector<ExpiredCase>&)>& done) {
    if (plan.cases.empty()) return ok_status();
    TRY(store.begin());
    auto run = [&]() -> Status {
        for (const auto& c : plan.cases) {
            const auto row = TRY(store.case_by_id(c.id));
            if (!row) continue;
            // The links to activities stay (they are ids); the inputs' values go.
            auto data = boost::json::parse(row->data).as_object();
            boost::json::object kept{{"removed", "retention"}};
            if (auto* links = data.if_contains("links")) kept["links"] = *links;
            TRY(store.erase_case_texts(c.id, boost::json::serialize(kept)));
        }
        return store.commit();
    };
    if (auto st = run(); !st) {
        store.rollback();
        return st;
    }
    return done ? done(plan.cases) : ok_status();
}

Status apply(storage::Store& store, const Plan& plan, size_t batch,
             const std::function<Status(const std::vector<Expired>&)>& done) {
    if (batch == 0) batch = 1;
    const std::set<int64_t> unlink(plan.subjects.begin(), plan.subjects.end());
    std::set<int64_t> unlinked;
    for (size_t start = 0; start < plan.records.size(); start += batch) {
        const size_t end = std::min(plan.records.size(), start + batch);
        std::vector<Expired> part(plan.records.begin() + static_cast<std::ptrdiff_t>(start),
                                  plan.records.begin() + static_cast<std::ptrdiff_t>(end));
        TRY(store.begin());
        auto run = [&]() -> Status {
            for (const auto& e : part) {
                TRY(store.erase_sealed(e.kind, e.id));
                if (e.subject && unlink.count(e.subject) && !unlinked.count(e.subject)) {
                    storage::Pseudonym random{};
                    randombytes_buf(random.data(), random.size());
                    TRY(store.unlink_subject(e.subject, random));
                    unlinked.insert(e.subject);
                }
            }
            return store.commit();
        };
        if (auto st = run(); !st) {
            store.rollback();
            return st;
        }
        if (done) TRY(done(part));
    }
    return ok_status();
}

Result<int64_t> apply_and_log(storage::Store& store, const Plan& plan, size_t batch, privacy::ProcessingLog& log,
                              const privacy::Keyring& keys, const privacy::LogEntry& base,
                              const std::function<void(size_t)>& progress) {
    auto erased = [&](std::string record, int64_t subject) {
        privacy::LogEntry entry = base;
        entry.action = privacy::LogAction::Erase;
        entry.record = std::move(record);
        if (subject) entry.subject = privacy::subject_pseudonym(keys, base.municipality, subject);
        return log.append(std::move(entry));
    };
    size_t done = 0;
    TRY(apply(store, plan, batch, [&](const std::vector<Expired>& part) -> Status {
        for (const auto& e : part) TRY(erased(fmt::format("{}/{}", records::kind_name(e.kind), e.id), e.subject));
        TRY(log.flush());
        done += part.size();
        if (progress) progress(done);
        return ok_status();
    }));
    TRY(apply_cases(store, plan, [&](const std::vector<ExpiredCase>& cases) -> Status {
        for (const auto& c : cases) {
            int64_t subject = 0;
            if (const auto kind = records::parse_kind(c.subject_kind))
                subject = TRY(storage::data_subject(store, *kind, c.subject_id));
            TRY(erased(fmt::format("case/{}", c.id), subject));
        }
        return log.flush();
    }));
    return static_cast<int64_t>(plan.records.size() + plan.cases.size());
}

}  // namespace grip::retention
