#include "indicators/drill_through.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "indicators/cells.h"
#include "indicators/fact_resolver.h"
#include "indicators/figure_values.h"

namespace grip::indicators {
namespace json = boost::json;
using catalogue::Measure;

namespace {

constexpr int kPage = 2000;

// The list of current records of a kind that a filter selects, page by page.
Status each_current(storage::Store& store, records::Kind kind, const storage::RecordFilter& filter,
                    const std::function<Status(const storage::StoredRecord&)>& each) {
    std::string after;
    for (;;) {
        auto rows = TRY(store.list_current(kind, filter, after, kPage));
        for (const auto& r : rows) TRY(each(r));
        if (static_cast<int>(rows.size()) < kPage) return ok_status();
        after = rows.back().record.id;
    }
}

CountedRecord counted_of(const storage::StoredRecord& r, std::string date) {
    CountedRecord c;
    c.kind = r.record.kind;
    c.id = r.record.id;
    c.date = std::move(date);
    c.delivery = r.delivery;
    c.organisation = std::string(r.record.text("organisation"));
    c.location = std::string(r.record.text("location"));
    return c;
}

json::value number_of(double sum) {
    if (sum == static_cast<double>(static_cast<int64_t>(sum))) return static_cast<int64_t>(sum);
    return sum;
}

// The figure of one part of the records: distinct subjects, or the sum of weights.
int64_t tally_value(const std::vector<CountedRecord>& records, std::string_view part, bool distinct) {
    std::set<int64_t> subjects;
    double sum = 0;
    for (const auto& r : records) {
        if (r.part != part) continue;
        if (distinct) subjects.insert(r.subject);
        else sum += r.weight;
    }
    return distinct ? static_cast<int64_t>(subjects.size()) : static_cast<int64_t>(sum);
}

}  // namespace

DrillThrough::DrillThrough(storage::Store& store, const catalogue::Catalogue& catalogue)
    : store_(store), catalogue_(catalogue), tallies_(tallies_for(catalogue)) {}

Status DrillThrough::load_areas() {
    areas_ = AreaTree(TRY(store_.areas()));
    areas_loaded_ = true;
    return ok_status();
}

Result<std::vector<CountedRecord>> DrillThrough::activities(const catalogue::IndicatorDef& indicator,
                                                            const Period& period) {
    // The indicator's tallies (code, or code#num and code#den), by id.
    std::vector<int32_t> ids;
    for (size_t t = 0; t < tallies_.size(); ++t) {
        const auto& name = tallies_[t].name;
        if (name == indicator.code || name == indicator.code + "#num" || name == indicator.code + "#den")
            ids.push_back(static_cast<int32_t>(t));
    }
    std::set<std::string> types;
    for (int32_t id : ids) types.insert(tallies_[static_cast<size_t>(id)].activity_type);
    std::vector<CountedRecord> out;
    FactResolver resolver(store_);
    ResolvedActivity resolved;
    for (const auto& type : types) {
        storage::RecordFilter filter;
        filter.type = type;
        filter.date_from = period.first_day().iso();
        filter.date_to = period.last_day().iso();
        TRY(each_current(store_, records::Kind::Activity, filter, [&](const storage::StoredRecord& r) -> Status {
            TRY(resolver.resolve(r.record, areas_, resolved));
            // The activity's contribution by the keeper's own rule: what it
            // adds to each tally, and the subject a distinct tally counts.
            FineDeltas fine;
            std::vector<std::pair<int32_t, int64_t>> members;
            contribute(tallies_, &ids, resolved.facts, +1, fine,
                       [&](int32_t tally, int64_t subject, int32_t, int32_t, int) {
                           members.emplace_back(tally, subject);
                       });
            if (fine.empty() && members.empty()) return ok_status();
            std::vector<int32_t> keys;
            areas_.keys_for(resolved.facts.area_id, keys);
            auto part_of = [&](int32_t tally, const std::string& value) {
                const auto& name = tallies_[static_cast<size_t>(tally)].name;
                if (name.ends_with("#num")) return std::string("num");
                if (name.ends_with("#den")) return std::string("den");
                return value;
            };
            for (const auto& [key, amount] : fine) {
                if (amount == 0) continue;
                auto c = counted_of(r, std::string(r.record.text("date")));
                c.person = std::string(r.record.text("person"));
                c.weight = static_cast<double>(amount);
                c.part = part_of(key.tally, key.value);
                c.area_keys = keys;
                out.push_back(std::move(c));
            }
            for (const auto& [tally, subject] : members) {
                auto c = counted_of(r, std::string(r.record.text("date")));
                c.person = std::string(r.record.text("person"));
                c.subject = subject;
                c.part = part_of(tally, {});
                c.area_keys = keys;
                out.push_back(std::move(c));
            }
            return ok_status();
        }));
    }
    return out;
}

Result<std::vector<CountedRecord>> DrillThrough::active_at_end(const catalogue::IndicatorDef& indicator,
                                                               const Period& period) {
    // Activities active on the period's last day: begun by then and not
    // ended before it (Store::active_on), counted per person.
    const std::string day = period.last_day().iso();
    storage::RecordFilter filter;
    filter.type = indicator.activity_type;
    filter.date_to = day;
    std::vector<CountedRecord> out;
    FactResolver resolver(store_);
    ResolvedActivity resolved;
    TRY(each_current(store_, records::Kind::Activity, filter, [&](const storage::StoredRecord& r) -> Status {
        const auto end = r.record.text("end_date");
        if (!end.empty() && end < day) return ok_status();
        TRY(resolver.resolve(r.record, areas_, resolved));
        if (resolved.facts.person_subject == 0) return ok_status();
        auto c = counted_of(r, std::string(r.record.text("date")));
        c.person = std::string(r.record.text("person"));
        c.subject = resolved.facts.person_subject;
        areas_.keys_for(resolved.facts.area_id, c.area_keys);
        out.push_back(std::move(c));
        return ok_status();
    }));
    return out;
}

Result<std::vector<CountedRecord>> DrillThrough::counted(const catalogue::IndicatorDef& indicator,
                                                         const Period& period) {
    if (!areas_loaded_) TRY(load_areas());
    std::vector<CountedRecord> out;
    auto keyed = [&](const storage::StoredRecord& r, CountedRecord c) {
        const auto area = r.record.text("area");
        areas_.keys_for(area.empty() ? 0 : areas_.id_of(area).value_or(0), c.area_keys);
        out.push_back(std::move(c));
    };
    switch (indicator.measure) {
        case Measure::Count:
        case Measure::SumCount:
        case Measure::Distribution:
        case Measure::DistinctPersons:
        case Measure::DistinctAddresses:
        case Measure::SharePct: out = TRY(activities(indicator, period)); break;
        case Measure::ActiveAtEnd: out = TRY(active_at_end(indicator, period)); break;
        case Measure::AggregateSum:
            for (const auto& a : TRY(store_.all_current(records::Kind::Aggregate))) {
                if (a.withdrawn || a.record.text("type") != indicator.aggregate_type) continue;
                auto ap = Period::parse(a.record.text("period"));
                if (!ap || !period.contains(*ap)) continue;
                auto c = counted_of(a, std::string(a.record.text("period")));
                c.weight = a.record.fields.at("value").to_number<double>();
                keyed(a, std::move(c));
            }
            break;
        case Measure::Capacity:
        case Measure::OpenLocations: {
            const std::string day = period.last_day().iso();
            for (const auto& l : TRY(store_.all_current(records::Kind::Location))) {
                if (l.withdrawn || l.record.text("type") != indicator.location_type || !open_on(l, day)) continue;
                auto c = counted_of(l, std::string(l.record.text("opened")));
                c.location = l.record.id;
                if (indicator.measure == Measure::Capacity) {
                    const auto* cap = l.record.fields.if_contains("capacity");
                    if (!cap || !cap->is_int64()) continue;
                    c.weight = static_cast<double>(cap->get_int64());
                }
                keyed(l, std::move(c));
            }
            break;
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const CountedRecord& a, const CountedRecord& b) {
        return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
    });
    return out;
}

std::vector<CountedRecord> DrillThrough::under(const std::vector<CountedRecord>& records, int32_t area_key) {
    std::vector<CountedRecord> out;
    for (const auto& r : records)
        if (std::find(r.area_keys.begin(), r.area_keys.end(), area_key) != r.area_keys.end()) out.push_back(r);
    return out;
}

json::value DrillThrough::value_of(const catalogue::IndicatorDef& indicator,
                                   const std::vector<CountedRecord>& records) {
    switch (indicator.measure) {
        case Measure::Count:
        case Measure::SumCount: return tally_value(records, {}, false);
        case Measure::DistinctPersons:
        case Measure::DistinctAddresses:
        case Measure::ActiveAtEnd: return subjects_of(records);
        case Measure::SharePct: {
            // A share's parts are distinct persons (indicators/tally: #num, #den).
            return share(tally_value(records, "num", true), tally_value(records, "den", true));
        }
        case Measure::Distribution: {
            std::map<std::string, int64_t> parts;
            for (const auto& r : records) parts[r.part] += static_cast<int64_t>(r.weight);
            std::vector<std::pair<std::string, int64_t>> sorted(parts.begin(), parts.end());
            std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
                return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
            json::array out;
            for (auto& [v, n] : sorted)
                if (n != 0) out.push_back(json::array{json::value(v), json::value(n)});
            return out;
        }
        case Measure::AggregateSum:
        case Measure::Capacity:
        case Measure::OpenLocations: {
            double sum = 0;
            for (const auto& r : records) sum += r.weight;
            return number_of(sum);
        }
    }
    return nullptr;
}

int64_t DrillThrough::subjects_of(const std::vector<CountedRecord>& records) {
    std::set<int64_t> subjects;
    for (const auto& r : records)
        if (r.subject != 0) subjects.insert(r.subject);
    return static_cast<int64_t>(subjects.size());
}

}  // namespace grip::indicators
