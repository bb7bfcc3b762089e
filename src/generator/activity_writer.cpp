#include "generator/activity_writer.h"

#include "generator/date_text.h"
#include "generator/expected_figures.h"
#include "generator/ids.h"
#include "generator/nationality.h"
#include "generator/ndjson_sink.h"

namespace grip::generator {
namespace {

// Who takes part, per pool: the share (per mille) of participants drawn from
// each nationality group, in the order of NationalityGroup: CEE, other EU,
// NL, other European, outside Europe, unknown. Courses are open to every
// newcomer, so most course students come from outside Europe and about one
// in eight from Central and Eastern Europe, as in the council letter; the
// other pools are mostly EU labour migrants.
constexpr std::array<std::array<uint32_t, kNationalityGroupCount>, 5> kPoolMix = {{
    /* Cursist */ {{120, 50, 20, 50, 730, 30}},
    /* EuMigrant */ {{800, 100, 10, 60, 10, 20}},
    /* DaklozeEuBurger */ {{900, 100, 0, 0, 0, 0}},
    /* NieuwInBrp */ {{750, 120, 0, 80, 30, 20}},
    /* Sleutelfiguur */ {{850, 100, 0, 50, 0, 0}},
}};
// Enough attempts that only a degenerate population (a handful of persons,
// all in the BRP) ends up with an unfitting participant.
constexpr int kPickAttempts = 64;
constexpr size_t kRecentPersons = 512;

}  // namespace

ActivityWriter::ActivityWriter(const CityLayout& layout, const Population& population, const DateText& dates,
                               uint64_t seed, NdjsonSink& sink, ExpectedFigures* expected)
    : layout_(layout), population_(population), dates_(dates), sink_(sink), expected_(expected),
      rng_(make_random(seed, Stream::Activities)) {}

void ActivityWriter::write_year(const YearPlan& plan) {
    meldingen_.clear();
    controles_.clear();
    const int y = plan.year;
    for (size_t t = 0; t < kActivityTypeCount; ++t) {
        const int64_t n = plan.counts[t];
        for (int64_t i = 0; i < n; ++i) {
            switch (static_cast<ActivityType>(t)) {
                case ActivityType::Banenmarkt: banenmarkt(y); break;
                case ActivityType::ToeleidingWerk: toeleiding_werk(y); break;
                case ActivityType::BemiddelingWerk: bemiddeling_werk(y); break;
                case ActivityType::Campagneronde: campagneronde(y); break;
                case ActivityType::Informatiebijeenkomst: informatiebijeenkomst(y); break;
                case ActivityType::Groepsinschrijving: groepsinschrijving(y); break;
                case ActivityType::DigidHulp: digid_hulp(y); break;
                case ActivityType::InfopuntBezoek: infopunt_bezoek(y); break;
                case ActivityType::MeldingOverbewoning: melding_overbewoning(y); break;
                case ActivityType::EersteVestiging: eerste_vestiging(y); break;
                case ActivityType::Leegstandscontrole: leegstandscontrole(y); break;
                case ActivityType::IntegraleControle: integrale_controle(y); break;
                case ActivityType::Huisbezoek: huisbezoek(y); break;
                case ActivityType::Bouwplaatscontrole: bouwplaatscontrole(y); break;
                case ActivityType::DossierNla: dossier_nla(y); break;
                case ActivityType::Sleutelfiguur: sleutelfiguur(y, i); break;
                case ActivityType::CursusInschrijving: cursus_inschrijving(y); break;
                case ActivityType::Klankbordgroep: klankbordgroep(y); break;
                case ActivityType::Terugkeer: terugkeer(y); break;
                case ActivityType::OpvangIntake: opvang_intake(y); break;
            }
        }
    }
}

// --- the line of one activity ---------------------------------------------

int64_t ActivityWriter::begin(ActivityType type, Date date) {
    const int64_t id = next_id_++;
    sink_.put(R"({"kind":"activity","id":")");
    put_activity_id(sink_.buffer(), id);
    fmt::format_to(sink_.inserter(), R"(","type":"{}","date":"{}")", activity_type_name(type), dates_(date));
    return id;
}

void ActivityWriter::put_person(int64_t person) {
    sink_.put(R"(,"person":")");
    put_person_id(sink_.buffer(), person);
    sink_.put("\"");
}

void ActivityWriter::put_address(int64_t address) {
    sink_.put(R"(,"address":")");
    put_address_id(sink_.buffer(), address);
    sink_.put("\"");
}

void ActivityWriter::put_location(int location) {
    sink_.put(R"(,"location":")");
    put_location_id(sink_.buffer(), location);
    sink_.put("\"");
}

void ActivityWriter::put_organisation(int organisation) {
    sink_.put(R"(,"organisation":")");
    put_organisation_id(sink_.buffer(), organisation);
    sink_.put("\"");
}

void ActivityWriter::put_area(int buurt) {
    fmt::format_to(sink_.inserter(), R"(,"area":"{}")", layout_.buurten[static_cast<size_t>(buurt)].code);
}

void ActivityWriter::put_parent(int64_t activity) {
    sink_.put(R"(,"parent":")");
    put_activity_id(sink_.buffer(), activity);
    sink_.put("\"");
}

void ActivityWriter::put_count(int64_t count) { fmt::format_to(sink_.inserter(), R"(,"count":{})", count); }

void ActivityWriter::put_end_date(Date date) { fmt::format_to(sink_.inserter(), R"(,"end_date":"{}")", dates_(date)); }

void ActivityWriter::begin_attributes() { sink_.put(R"(,"attributes":{)"); }

void ActivityWriter::put_topics(std::string_view name, const std::array<bool, 8>& chosen) {
    fmt::format_to(sink_.inserter(), R"("{}":[)", name);
    bool first = true;
    for (size_t i = 0; i < chosen.size(); ++i) {
        if (!chosen[i]) continue;
        fmt::format_to(sink_.inserter(), R"({}"{}")", first ? "" : ",", kOnderwerpen[i]);
        first = false;
    }
    sink_.put("]");
}

void ActivityWriter::end() {
    sink_.put("}");
    sink_.end_record();
}

// --- choices ----------------------------------------------------------------

Date ActivityWriter::any_day(int year) {
    const Date first = Date::from_ymd(year, 1, 1);
    const int32_t days = Date::from_ymd(year + 1, 1, 1).days() - first.days();
    return first + static_cast<int32_t>(rng_.below(static_cast<uint64_t>(days)));
}

Date ActivityWriter::workday(int year) {
    // Offices are mostly closed at weekends; a few weekend dates remain, as
    // in real registrations (events, catching up on paperwork).
    Date d = any_day(year);
    for (int attempt = 0; attempt < 3 && d.weekday() >= 6; ++attempt) d = any_day(year);
    return d;
}

int64_t ActivityWriter::pick_person(ActivityType type, PersonPool pool, uint32_t repeat_per_mille) {
    Recent& recent = recent_[static_cast<size_t>(type)];
    if (!recent.persons.empty() && rng_.chance(repeat_per_mille)) {
        return recent.persons[rng_.below(recent.persons.size())];
    }
    // A group by the pool's mix, among the groups the population has; a
    // population without any of the pool's groups (a tiny test city) lends
    // anyone.
    std::array<uint32_t, kNationalityGroupCount> weights{};
    uint32_t total = 0;
    for (size_t g = 0; g < weights.size(); ++g) {
        weights[g] = population_.by_group[g].empty() ? 0 : kPoolMix[static_cast<size_t>(pool)][g];
        total += weights[g];
    }
    int64_t person = 0;
    for (int attempt = 0; attempt < kPickAttempts; ++attempt) {
        if (total == 0) {
            person = static_cast<int64_t>(rng_.below(static_cast<uint64_t>(population_.persons)));
        } else {
            const auto& members = population_.by_group[rng_.weighted(weights)];
            person = members[rng_.below(members.size())];
        }
        // A first-settlement form is only for someone not yet in the BRP.
        if (pool != PersonPool::NieuwInBrp || population_.brp[static_cast<size_t>(person)] != BrpStatus::Ingeschreven)
            break;
    }
    const auto chosen = static_cast<uint32_t>(person);
    if (recent.persons.size() < kRecentPersons) {
        recent.persons.push_back(chosen);
    } else {
        recent.persons[recent.next] = chosen;
        recent.next = (recent.next + 1) % kRecentPersons;
    }
    return person;
}

int64_t ActivityWriter::any_address() {
    return static_cast<int64_t>(rng_.below(static_cast<uint64_t>(population_.addresses)));
}

int64_t ActivityWriter::address_in(int buurt) {
    const int64_t n = population_.addresses_in(buurt);
    if (n == 0) return any_address();
    return population_.address_begin[static_cast<size_t>(buurt)] +
           static_cast<int64_t>(rng_.below(static_cast<uint64_t>(n)));
}

int64_t ActivityWriter::hotspot_address(uint32_t priority_per_mille) {
    if (!rng_.chance(priority_per_mille)) return any_address();
    return address_in(layout_.priority_buurten[rng_.below(layout_.priority_buurten.size())]);
}

int ActivityWriter::pick_buurt(uint32_t priority_per_mille) {
    if (rng_.chance(priority_per_mille)) return layout_.priority_buurten[rng_.below(layout_.priority_buurten.size())];
    // Elsewhere in the city, where people live: the buurt of a random address.
    const int64_t address = any_address();
    for (size_t b = 0; b < layout_.buurten.size(); ++b)
        if (address < population_.address_begin[b + 1]) return static_cast<int>(b);
    return 0;
}

int ActivityWriter::open_location(LocationType type, Date date) {
    uint32_t total = 0;
    for (const Location& l : layout_.locations)
        if (l.type == type && l.open_on(date)) total += l.weight;
    // The layout keeps one location of every type open through all the
    // generated years, so this fallback only guards against a changed layout.
    if (total == 0) return layout_.locations_of(type).front();
    uint64_t r = rng_.below(total);
    for (size_t i = 0; i < layout_.locations.size(); ++i) {
        const Location& l = layout_.locations[i];
        if (l.type != type || !l.open_on(date)) continue;
        if (r < l.weight) return static_cast<int>(i);
        r -= l.weight;
    }
    return layout_.locations_of(type).front();
}

Date ActivityWriter::day_with_open(LocationType type, int year) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const Date d = workday(year);
        for (const Location& l : layout_.locations)
            if (l.type == type && l.open_on(d)) return d;
    }
    return workday(year);
}

int ActivityWriter::covenant_partner_on(Date date) {
    std::array<int, 16> active{};
    size_t n = 0;
    for (int o : layout_.covenant_partners) {
        const Organisation& org = layout_.organisations[static_cast<size_t>(o)];
        const bool in =
            org.covenant_since && *org.covenant_since <= date && (!org.covenant_until || date <= *org.covenant_until);
        if (in && n < active.size()) active[n++] = o;
    }
    if (n == 0) return layout_.covenant_partners.front();
    return active[rng_.below(n)];
}

std::array<bool, 8> ActivityWriter::topics(uint32_t max_topics) {
    // Money and legal trouble bring most visitors, as the council letter says.
    static constexpr std::array<uint32_t, 8> kWeights = {300, 240, 160, 120, 80, 50, 30, 20};
    std::array<bool, 8> chosen{};
    const uint32_t wanted = 1 + static_cast<uint32_t>(rng_.below(10) < 6 ? 0 : rng_.below(max_topics));
    for (uint32_t k = 0; k < wanted; ++k) chosen[rng_.weighted(kWeights)] = true;
    return chosen;
}

std::string_view ActivityWriter::nationality_code(int64_t person) const {
    return code_of(population_.nationality[static_cast<size_t>(person)]);
}

}  // namespace grip::generator
