#include "generator/expected_figures.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "generator/nationality.h"

namespace grip::generator {

YearTally::YearTally(size_t persons, size_t addresses)
    : dakloos_aan_werk(persons), digid_geactiveerd(persons), unieke_bezoekers(persons), eerste_vestiging(persons),
      terugkeer(persons), opvang_opgevangen(persons), cursisten(persons), cursus_formeel_eu(persons),
      cursus_non_formeel_eu(persons), cursisten_moe(persons), cursisten_overig_europa(persons),
      woningen_misstand(addresses) {}

NationalityFlags nationality_flags(std::string_view code) {
    // Every pair of capital letters, so that the lookup is an index, not a
    // search through the lists of countries.
    static const std::array<NationalityFlags, 26 * 26> table = [] {
        std::array<NationalityFlags, 26 * 26> t{};
        for (char a = 'A'; a <= 'Z'; ++a)
            for (char b = 'A'; b <= 'Z'; ++b) {
                const char text[2] = {a, b};
                const std::string_view c(text, 2);
                t[static_cast<size_t>((a - 'A') * 26 + (b - 'A'))] = {is_eu_member(c) && c != "NL",
                                                                      is_central_east_european(c),
                                                                      is_other_european(c)};
            }
        return t;
    }();
    if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') return {};
    return table[static_cast<size_t>((code[0] - 'A') * 26 + (code[1] - 'A'))];
}

void YearTally::add_cursist(uint32_t identity, std::string_view nationality, bool formeel) {
    const NationalityFlags flags = nationality_flags(nationality);
    cursisten.insert(identity);
    if (flags.central_east) cursisten_moe.insert(identity);
    if (flags.other_european) cursisten_overig_europa.insert(identity);
    if (flags.eu_not_nl) (formeel ? cursus_formeel_eu : cursus_non_formeel_eu).insert(identity);
}

ExpectedFigures::ExpectedFigures(size_t persons, size_t addresses)
    : persons_(persons), addresses_(addresses), tally_(persons, addresses) {}

void ExpectedFigures::begin_year(int year) {
    current_year_ = year;
    // A fresh tally per year; the bitmaps are a few megabytes at most.
    tally_ = YearTally(persons_, addresses_);
}

void ExpectedFigures::end_year() {
    const YearTally& t = tally_;
    YearResult r;
    // Figures of activities dated in the year. The ones that look at the
    // period's end (locations, key figures) and the aggregates are added in
    // to_json, when every record is known.
    r.figures = {
        {"werk.banenmarkt_bereik", t.banenmarkt_bereik},
        {"werk.dakloos_aan_werk", t.dakloos_aan_werk.size()},
        {"info.campagnerondes", t.campagnerondes},
        {"info.bijeenkomsten", t.bijeenkomsten},
        {"info.groepsinschrijvingen", t.groepsinschrijvingen},
        {"info.digid_geactiveerd", t.digid_geactiveerd.size()},
        {"info.infopunten", 0},
        {"info.unieke_bezoekers", t.unieke_bezoekers.size()},
        {"handhaving.meldingen_overbewoning", t.meldingen_overbewoning},
        {"handhaving.overbewoning_eu", t.overbewoning_eu},
        {"handhaving.eerste_vestiging", t.eerste_vestiging.size()},
        {"handhaving.leegstandscontroles", t.leegstandscontroles},
        {"handhaving.leegstand_bewoond_eu", t.leegstand_bewoond_eu},
        {"handhaving.integrale_controles", t.integrale_controles},
        {"handhaving.huisbezoeken", t.huisbezoeken},
        {"handhaving.woningen_misstand", t.woningen_misstand.size()},
        {"handhaving.bouwplaatscontroles", t.bouwplaatscontroles},
        {"handhaving.bouwplaats_misstand", t.bouwplaats_misstand},
        {"handhaving.dossiers_nla", t.dossiers_nla},
        {"handhaving.boetes_nla", 0},
        {"zelfredzaamheid.sleutelfiguren", 0},
        {"zelfredzaamheid.cursus_formeel_eu", t.cursus_formeel_eu.size()},
        {"zelfredzaamheid.cursus_non_formeel_eu", t.cursus_non_formeel_eu.size()},
        {"zelfredzaamheid.cursisten_moe_pct", share_pct(t.cursisten_moe.size(), t.cursisten.size())},
        {"zelfredzaamheid.cursisten_overig_europa_pct",
         share_pct(t.cursisten_overig_europa.size(), t.cursisten.size())},
        {"zelfredzaamheid.klankbordgroepen", t.klankbordgroepen},
        {"dakloos.terugkeer", t.terugkeer.size()},
        {"dakloos.opvang_capaciteit", 0},
        {"dakloos.opvang_opgevangen", t.opvang_opgevangen.size()},
        {"dakloos.kortverblijf_bedden", 0},
    };
    // The distribution of topics, largest first; equal counts in the order
    // of the topic's name, so that the answer is unambiguous.
    std::vector<size_t> order(kOnderwerpen.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (t.onderwerpen[a] != t.onderwerpen[b]) return t.onderwerpen[a] > t.onderwerpen[b];
        return kOnderwerpen[a] < kOnderwerpen[b];
    });
    for (size_t k = 0; k < 2 && t.onderwerpen[order[k]] > 0; ++k) r.top_topics.emplace_back(kOnderwerpen[order[k]]);
    years_[current_year_] = std::move(r);
}

void ExpectedFigures::add_location(std::string_view type, int64_t capacity, Date opened, std::optional<Date> closed) {
    locations_.push_back({std::string(type), capacity, opened, closed});
}

void ExpectedFigures::add_sleutelfiguur(uint32_t identity, Date date, std::optional<Date> end_date) {
    sleutelfiguren_.push_back({identity, date, end_date});
}

void ExpectedFigures::add_aggregate(std::string_view type, std::string_view period, int64_t value) {
    aggregates_.push_back({std::string(type), std::string(period), value});
}

void ExpectedFigures::add_motion(std::string_view id, std::string_view status) {
    motions_.emplace_back(std::string(id), std::string(status));
}

boost::json::object ExpectedFigures::year_json(int year, const YearResult& result) const {
    const Period period = Period::year_of(year);
    const Date end = period.last_day();

    // Locations open at the period's end: opened on or before it, and not
    // closed, or closed on or after it.
    int64_t infopunten = 0, opvang = 0, kortverblijf = 0;
    for (const LocationNote& l : locations_) {
        if (l.opened > end || (l.closed && *l.closed < end)) continue;
        if (l.type == "infopunt") ++infopunten;
        if (l.type == "opvang") opvang += l.capacity;
        if (l.type == "kortverblijf") kortverblijf += l.capacity;
    }
    // Key figures active at the end: started on or before it, and no end
    // date or one on or after it; each person once.
    std::vector<uint32_t> active;
    for (const SleutelfiguurNote& s : sleutelfiguren_) {
        if (s.date <= end && (!s.end_date || *s.end_date >= end)) active.push_back(s.identity);
    }
    std::sort(active.begin(), active.end());
    const int64_t sleutelfiguren = std::unique(active.begin(), active.end()) - active.begin();
    // Aggregates whose period lies within the year.
    int64_t boetes = 0;
    for (const AggregateNote& a : aggregates_) {
        const auto p = Period::parse(a.period);
        if (a.type == "boete_nla" && p && period.contains(*p)) boetes += a.value;
    }

    boost::json::object indicators;
    for (const auto& [code, value] : result.figures) {
        int64_t v = value;
        if (code == "info.infopunten") v = infopunten;
        if (code == "handhaving.boetes_nla") v = boetes;
        if (code == "zelfredzaamheid.sleutelfiguren") v = sleutelfiguren;
        if (code == "dakloos.opvang_capaciteit") v = opvang;
        if (code == "dakloos.kortverblijf_bedden") v = kortverblijf;
        indicators[code] = v;
    }
    boost::json::array top;
    for (const std::string& t : result.top_topics) top.emplace_back(t);
    // Motions with status afdoening_voorgesteld, whatever their year: the
    // status is the register's current state, not a dated event.
    std::vector<std::string> proposed;
    for (const auto& [id, status] : motions_)
        if (status == "afdoening_voorgesteld") proposed.push_back(id);
    std::sort(proposed.begin(), proposed.end());
    boost::json::array afdoening;
    for (const std::string& id : proposed) afdoening.emplace_back(id);

    boost::json::object out;
    out["year"] = year;
    out["indicators"] = std::move(indicators);
    out["top_topics"] = std::move(top);
    out["afdoening_voorgesteld"] = std::move(afdoening);
    return out;
}

boost::json::object ExpectedFigures::to_json() const {
    boost::json::object out;
    for (const auto& [year, result] : years_) out[std::to_string(year)] = year_json(year, result);
    return out;
}

int64_t share_pct(int64_t numerator, int64_t denominator) {
    if (denominator <= 0) return 0;
    // floor(100 * n / d + 1/2), in integers.
    return (200 * numerator + denominator) / (2 * denominator);
}

namespace {

void pretty(const boost::json::value& v, int indent, std::string& out) {
    const std::string pad(static_cast<size_t>(indent) + 1, ' ');
    const std::string close_pad(static_cast<size_t>(indent), ' ');
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& kv : o) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            out += boost::json::serialize(boost::json::value(kv.key()));
            out += ": ";
            pretty(kv.value(), indent + 1, out);
        }
        out += "\n" + close_pad + "}";
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        if (a.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (size_t i = 0; i < a.size(); ++i) {
            if (i) out += ",\n";
            out += pad;
            pretty(a[i], indent + 1, out);
        }
        out += "\n" + close_pad + "]";
    } else {
        out += boost::json::serialize(v);
    }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    pretty(value, 0, out);
    out += "\n";
    return out;
}

}  // namespace grip::generator
