#include "indicators/tally.h"

namespace grip::indicators {

using catalogue::Measure;

std::vector<Tally> tallies_for(const catalogue::Catalogue& cat) {
    std::vector<Tally> out;
    for (const auto& ind : cat.indicators) {
        Tally t;
        t.name = ind.code;
        t.activity_type = ind.activity_type;
        t.where = ind.where;
        switch (ind.measure) {
            case Measure::Count: t.kind = TallyKind::Count; break;
            case Measure::SumCount: t.kind = TallyKind::SumCount; break;
            case Measure::DistinctPersons: t.kind = TallyKind::DistinctPersons; break;
            case Measure::DistinctAddresses: t.kind = TallyKind::DistinctAddresses; break;
            case Measure::Distribution:
                t.kind = TallyKind::Distribution;
                t.attribute = ind.attribute;
                break;
            case Measure::SharePct: {
                Tally den = t;
                den.kind = TallyKind::DistinctPersons;
                den.name = ind.code + "#den";
                Tally num = den;
                num.name = ind.code + "#num";
                num.where.insert(num.where.end(), ind.numerator.begin(), ind.numerator.end());
                out.push_back(std::move(num));
                out.push_back(std::move(den));
                continue;
            }
            case Measure::AggregateSum:
            case Measure::ActiveAtEnd:
            case Measure::Capacity:
            case Measure::OpenLocations: continue;
        }
        out.push_back(std::move(t));
    }
    return out;
}

namespace {

bool value_matches(const catalogue::Condition& c, const boost::json::value* v) {
    if (c.equals) {
        // An absent value only matches `equals: false` (a flag not set).
        if (!v) return c.equals->is_bool() && !c.equals->get_bool();
        // A list attribute matches when it holds the value.
        if (v->is_array()) {
            for (const auto& e : v->get_array())
                if (e == *c.equals) return true;
            return false;
        }
        return *v == *c.equals;
    }
    // An unknown value is in no set and outside no set: it does not match.
    if (!v || !v->is_string()) return false;
    const std::string s(v->get_string());
    if (!c.in.empty() && !c.in.count(s)) return false;
    return !c.not_in.count(s);
}

}  // namespace

bool matches(const std::vector<catalogue::Condition>& where, const ActivityFacts& f) {
    for (const auto& c : where) {
        const boost::json::value* v = nullptr;
        boost::json::value holder;
        if (c.field.starts_with("attributes.")) {
            if (f.attributes) v = f.attributes->if_contains(std::string_view(c.field).substr(11));
        } else {
            std::string_view s;
            if (c.field == "person.nationality") s = f.nationality;
            else if (c.field == "person.brp") s = f.brp;
            else if (c.field == "location.type") s = f.location_type;
            if (!s.empty()) {
                holder = boost::json::string(s);
                v = &holder;
            }
        }
        if (!value_matches(c, v)) return false;
    }
    return true;
}

}  // namespace grip::indicators
