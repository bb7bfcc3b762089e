#include "generator/city_layout.h"

#include <algorithm>

#include "generator/date_text.h"
#include "generator/ids.h"
#include "generator/ndjson_sink.h"
#include "generator/random.h"

namespace grip::generator {
namespace {

Date ymd(int year, unsigned month, unsigned day) { return Date::from_ymd(year, month, day); }

int buurt_index(const CityLayout& layout, std::string_view code) {
    for (size_t i = 0; i < layout.buurten.size(); ++i)
        if (layout.buurten[i].code == code) return static_cast<int>(i);
    return 0;
}

// KvK numbers are eight digits; synthetic ones are drawn at random and kept
// distinct within the city.
std::string kvk_number(Random& rng, const std::vector<Organisation>& existing) {
    for (;;) {
        std::string kvk = fmt::format("{:08}", 10'000'000 + rng.below(90'000'000));
        const bool taken =
            std::any_of(existing.begin(), existing.end(), [&](const Organisation& o) { return o.kvk == kvk; });
        if (!taken) return kvk;
    }
}

void add_organisations(CityLayout& layout, int first_year, int last_year, Random& rng) {
    auto add = [&](Organisation o) {
        layout.organisations.push_back(std::move(o));
        return static_cast<int>(layout.organisations.size()) - 1;
    };
    layout.labour_inspectorate = add({"Nederlandse Arbeidsinspectie", "toezichthouder", "", {}, {}, {}});
    layout.eures = add({"EURES Nederland", "ketenpartner", "", {}, {}, {}});
    layout.welfare = add({"Welzijnspartij Maasstad", "welzijn", "", {}, {}, {}});
    add({"Stichting Opvang EU-burgers", "opvang", "", {}, {}, {}});
    add({"Taalhuis Maasstad", "cursusaanbieder", "", {}, {}, {}});

    // The coalition Good Employership: agencies and employers with a covenant.
    // One joined only in the last year, one left after the escalation ladder
    // ran its course, so covenant dates vary over the generated years.
    struct Partner {
        std::string_view name;
        std::string_view type;
        std::vector<std::string_view> branch;
        Date since;
        std::optional<Date> until;
    };
    const std::vector<Partner> partners = {
        {"Flexwerk Zuid B.V.", "uitzendbureau", {"ABU"}, ymd(first_year - 1, 3, 1), {}},
        {"Havenstad Personeel B.V.", "uitzendbureau", {"NBBU"}, ymd(first_year - 1, 3, 1), {}},
        {"Kas & Koel Logistiek B.V.", "werkgever", {"ABU"}, ymd(first_year - 1, 6, 15), {}},
        {"Maasvlakte Uitzendgroep B.V.", "uitzendbureau", {"ABU", "NBBU"}, ymd(first_year, 5, 1), {}},
        {"Snelle Handen Uitzendbureau B.V.",
         "uitzendbureau",
         {"NBBU"},
         ymd(first_year - 1, 3, 1),
         ymd(first_year, 10, 31)},
        {"Rijnmond Vers B.V.", "werkgever", {"ABU"}, ymd(last_year, 4, 1), {}},
    };
    for (const Partner& p : partners) {
        std::string kvk = kvk_number(rng, layout.organisations);
        layout.covenant_partners.push_back(add({p.name, p.type, std::move(kvk), p.branch, p.since, p.until}));
    }
    for (std::string_view name :
         {"Bouwcombinatie Maasoever", "Aannemersbedrijf Waalhaven B.V.", "Stellingbouw Zuid-Holland B.V."}) {
        std::string kvk = kvk_number(rng, layout.organisations);
        layout.construction_firms.push_back(add({name, "werkgever", std::move(kvk), {}, {}, {}}));
    }
}

// Locations are dated relative to the generated years: an infopunt closes in
// the first year, a winter shelter closes in its first quarter, and a new
// shelter opens in June of the last year, as the 2024 letter reports.
void add_locations(CityLayout& layout, int first_year, int last_year) {
    auto at = [&](std::string_view code) { return buurt_index(layout, code); };
    using T = LocationType;
    layout.locations = {
        {T::Infopunt, "Infopunt Zuid", at("BU05991571"), 0, ymd(first_year - 2, 3, 1), {}, 50},
        {T::Infopunt, "Infopunt West", at("BU05990327"), 0, ymd(first_year - 2, 4, 1), {}, 35},
        {T::Infopunt, "Infopunt Centrum", at("BU05990110"), 0, ymd(first_year - 3, 1, 1), ymd(first_year, 4, 30), 30},
        {T::DigidBalie, "DigiD-balie Stadswinkel", at("BU05990110"), 0, ymd(first_year - 3, 1, 1), {}, 1},
        {T::Opvang, "Opvang EU-burgers", at("BU05991576"), 40, ymd(first_year - 1, 11, 3), {}, 3},
        {T::Opvang, "Winteropvang Kop van Zuid", at("BU05991017"), 25, ymd(first_year - 1, 12, 1),
         ymd(first_year, 3, 31), 2},
        {T::Opvang, "Nachtopvang Noord", at("BU05990535"), 20, ymd(last_year, 6, 1), {}, 2},
        {T::Kortverblijf, "Kortverblijf Zuid", at("BU05991574"), 10, ymd(first_year - 1, 5, 1), {}, 1},
        {T::Leslocatie, "Leslocatie Carnisse", at("BU05991572"), 0, ymd(first_year - 4, 1, 1), {}, 50},
        {T::Leslocatie, "Leslocatie Bospolder", at("BU05990321"), 0, ymd(first_year - 4, 1, 1), {}, 30},
        {T::Leslocatie, "Leslocatie Oude Noorden", at("BU05990535"), 0, ymd(first_year - 4, 1, 1), {}, 20},
    };
}

}  // namespace

std::string_view location_type_name(LocationType type) {
    switch (type) {
        case LocationType::Infopunt: return "infopunt";
        case LocationType::DigidBalie: return "digid_balie";
        case LocationType::Opvang: return "opvang";
        case LocationType::Kortverblijf: return "kortverblijf";
        case LocationType::Leslocatie: return "leslocatie";
    }
    return "infopunt";
}

std::vector<int> CityLayout::locations_of(LocationType type) const {
    std::vector<int> out;
    for (size_t i = 0; i < locations.size(); ++i)
        if (locations[i].type == type) out.push_back(static_cast<int>(i));
    return out;
}

CityLayout build_city_layout(int first_year, int last_year, uint64_t seed) {
    CityLayout layout;
    add_rotterdam_areas(layout);
    Random rng = make_random(seed, Stream::Layout);
    add_organisations(layout, first_year, last_year, rng);
    add_locations(layout, first_year, last_year);
    return layout;
}

size_t area_record_count(const CityLayout& layout) { return 1 + layout.wijken.size() + layout.buurten.size(); }

void write_areas(const CityLayout& layout, NdjsonSink& sink) {
    // Inhabitants of a wijk and of the gemeente are the sums of their buurten,
    // so the three levels agree with each other.
    std::vector<int64_t> wijk_inhabitants(layout.wijken.size(), 0);
    int64_t total = 0;
    for (const Buurt& b : layout.buurten) {
        wijk_inhabitants[static_cast<size_t>(b.wijk)] += b.inhabitants;
        total += b.inhabitants;
    }
    auto out = sink.inserter();
    fmt::format_to(out, R"({{"kind":"area","code":"{}","name":)", layout.gemeente_code);
    sink.put_json_string(layout.gemeente_name);
    fmt::format_to(out, R"(,"level":"gemeente","inhabitants":{}}})", total);
    sink.end_record();
    for (size_t w = 0; w < layout.wijken.size(); ++w) {
        const Wijk& wijk = layout.wijken[w];
        fmt::format_to(out, R"({{"kind":"area","code":"{}","name":)", wijk.code);
        sink.put_json_string(wijk.name);
        fmt::format_to(out, R"(,"level":"wijk","parent":"{}","inhabitants":{}}})", layout.gemeente_code,
                       wijk_inhabitants[w]);
        sink.end_record();
        for (const Buurt& b : layout.buurten) {
            if (b.wijk != static_cast<int>(w)) continue;
            fmt::format_to(out, R"({{"kind":"area","code":"{}","name":)", b.code);
            sink.put_json_string(b.name);
            fmt::format_to(out, R"(,"level":"buurt","parent":"{}")", wijk.code);
            if (b.priority) sink.put(R"(,"priority":true)");
            fmt::format_to(out, R"(,"inhabitants":{}}})", b.inhabitants);
            sink.end_record();
        }
    }
}

void write_organisations(const CityLayout& layout, const DateText& dates, NdjsonSink& sink) {
    auto out = sink.inserter();
    for (size_t i = 0; i < layout.organisations.size(); ++i) {
        const Organisation& o = layout.organisations[i];
        sink.put(R"({"kind":"organisation","id":")");
        put_organisation_id(sink.buffer(), static_cast<int64_t>(i));
        sink.put(R"(","name":)");
        sink.put_json_string(o.name);
        fmt::format_to(out, R"(,"type":"{}")", o.type);
        if (!o.kvk.empty()) fmt::format_to(out, R"(,"kvk":"{}")", o.kvk);
        if (!o.branch.empty()) {
            sink.put(R"(,"branch":[)");
            for (size_t b = 0; b < o.branch.size(); ++b) fmt::format_to(out, R"({}"{}")", b ? "," : "", o.branch[b]);
            sink.put("]");
        }
        if (o.covenant_since) fmt::format_to(out, R"(,"covenant_since":"{}")", dates(*o.covenant_since));
        if (o.covenant_until) fmt::format_to(out, R"(,"covenant_until":"{}")", dates(*o.covenant_until));
        sink.put("}");
        sink.end_record();
    }
}

void write_locations(const CityLayout& layout, const DateText& dates, NdjsonSink& sink) {
    auto out = sink.inserter();
    for (size_t i = 0; i < layout.locations.size(); ++i) {
        const Location& l = layout.locations[i];
        sink.put(R"({"kind":"location","id":")");
        put_location_id(sink.buffer(), static_cast<int64_t>(i));
        fmt::format_to(out, R"(","type":"{}","name":)", location_type_name(l.type));
        sink.put_json_string(l.name);
        fmt::format_to(out, R"(,"area":"{}")", layout.buurten[static_cast<size_t>(l.buurt)].code);
        if (l.capacity > 0) fmt::format_to(out, R"(,"capacity":{})", l.capacity);
        fmt::format_to(out, R"(,"opened":"{}")", dates(l.opened));
        if (l.closed) fmt::format_to(out, R"(,"closed":"{}")", dates(*l.closed));
        sink.put("}");
        sink.end_record();
    }
}

}  // namespace grip::generator
