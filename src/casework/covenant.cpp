#include "casework/covenant.h"

#include <map>

#include <fmt/format.h>

#include "records/validator.h"

namespace grip::casework {
namespace json = boost::json;

std::optional<std::string> admission_refusal(const Workflows& workflows, const std::vector<storage::CaseRow>& cases) {
    for (const auto& c : cases) {
        const auto* type = workflows.find(c.type);
        const auto* state = type ? type->state(c.state) : nullptr;
        if (state && state->has_tag("bewezen"))
            return fmt::format(
                "a new partner may join only without proven abuses, and this organisation has one: case {} ({}: {})",
                c.id, type->label, state->label);
    }
    return std::nullopt;
}

Result<std::vector<Partner>> covenant_partners(storage::Store& store, const Workflows& workflows, Date today) {
    std::map<std::string, Partner> by_id;
    for (auto& org : TRY(store.all_current(records::Kind::Organisation))) {
        if (org.withdrawn || org.record.text("covenant_since").empty()) continue;
        Partner p;
        const auto until = org.record.text("covenant_until");
        p.member = org.record.text("covenant_since") <= today.iso() && (until.empty() || until >= today.iso());
        p.organisation = std::move(org);
        by_id.emplace(p.organisation.record.id, std::move(p));
    }
    for (const auto& type : workflows.types) {
        if (type.subject_kind != records::Kind::Organisation) continue;
        storage::CaseFilter f;
        f.type = type.key;
        for (auto& c : TRY(store.cases(f))) {
            auto it = by_id.find(c.subject_id);
            if (it == by_id.end()) {
                auto org = TRY(store.current(records::Kind::Organisation, c.subject_id));
                if (!org) continue;
                Partner p;
                p.organisation = std::move(*org);
                it = by_id.emplace(c.subject_id, std::move(p)).first;
            }
            it->second.abuses.push_back(std::move(c));
        }
    }
    std::vector<Partner> out;
    for (auto& [id, p] : by_id) out.push_back(std::move(p));
    return out;
}

Result<records::Record> join_covenant(storage::Store& store, ingest::RecordWriter& records,
                                      const catalogue::Catalogue& catalogue, const Workflows& workflows,
                                      const std::string& organisation, Date since) {
    auto org = TRY(store.current(records::Kind::Organisation, organisation));
    if (!org || org->withdrawn)
        return Error::not_found("no such organisation").with({{"organisation", "no such organisation"}});
    const auto& fields = org->record;
    const auto until = fields.text("covenant_until");
    if (!fields.text("covenant_since").empty() && (until.empty() || until >= since.iso()))
        return Error::conflict("the organisation is a partner of the covenant already")
            .with({{"organisation", "is a partner already"}});
    storage::CaseFilter f;
    f.subject_kind = "organisation";
    f.subject_id = organisation;
    const auto cases = TRY(store.cases(f));
    if (auto why = admission_refusal(workflows, cases)) return Error::conflict(*why).with({{"organisation", *why}});
    json::object raw = fields.fields;
    raw["kind"] = "organisation";
    raw["covenant_since"] = since.iso();
    raw.erase("covenant_until");
    auto v = records::validate_record(raw, catalogue, records::ValueSource::Json);
    if (!v.errors.empty()) {
        std::vector<Refusal> reasons;
        for (auto& e : v.errors) reasons.push_back({e.field, e.message});
        return Error::invalid("the organisation record is not valid").with(std::move(reasons));
    }
    TRY(records.apply(*v.record));
    return std::move(*v.record);
}

}  // namespace grip::casework
