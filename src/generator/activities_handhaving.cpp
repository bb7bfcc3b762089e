// Activities of the theme handhaving (enforcement): reports of overcrowding,
// first-settlement forms, vacancy checks, integrated inspections with their
// home visits, building-site inspections and case files for the Labour
// Inspectorate.

#include <algorithm>

#include "generator/activity_writer.h"
#include "generator/expected_figures.h"
#include "generator/ndjson_sink.h"

namespace grip::generator {

void ActivityWriter::melding_overbewoning(int year) {
    static constexpr std::array<std::string_view, 4> kUitkomst = {"in_onderzoek", "overbewoning_eu",
                                                                  "overbewoning_overig", "geen_overbewoning"};
    static constexpr std::array<uint32_t, 4> kUitkomstWeights = {150, 70, 180, 600};
    static constexpr std::array<std::string_view, 5> kBron = {"buurtbewoner", "wijkagent", "woningcorporatie",
                                                              "anoniem", "meldpunt"};
    static constexpr std::array<uint32_t, 5> kBronWeights = {350, 200, 150, 200, 100};
    const Date date = any_day(year);
    const int64_t address = forced_buurt_ >= 0 ? address_in(forced_buurt_) : hotspot_address(450);
    if (growth_buurt_ >= 0 && address >= population_.address_begin[static_cast<size_t>(growth_buurt_)] &&
        address < population_.address_begin[static_cast<size_t>(growth_buurt_) + 1])
        ++growth_counts_[year];
    const size_t uitkomst = rng_.weighted(kUitkomstWeights);
    const size_t bron = rng_.weighted(kBronWeights);
    const int64_t id = begin(ActivityType::MeldingOverbewoning, date);
    put_address(address);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("uitkomst":"{}","bron":"{}"}})", kUitkomst[uitkomst], kBron[bron]);
    end();
    meldingen_.push_back({id, date, uitkomst == 1 || uitkomst == 2});
    if (expected_) {
        ++expected_->year().meldingen_overbewoning;
        if (uitkomst == 1) ++expected_->year().overbewoning_eu;
    }
}

void ActivityWriter::watch_growth(int buurt, double factor, uint64_t seed) {
    growth_buurt_ = buurt;
    growth_factor_ = factor;
    growth_rng_ = make_random(seed, Stream::Growth);
}

int64_t ActivityWriter::write_growth(int year) {
    if (growth_buurt_ < 0 || population_.addresses_in(growth_buurt_) == 0) return 0;
    // The counts are positive, and lround differs for values just below x.5:
    // the figures the city intends must not move.
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    const auto target = static_cast<int64_t>(growth_factor_ * static_cast<double>(growth_counts_[year - 1]) + 0.5);
    const int64_t extra = target - growth_counts_[year];
    if (extra <= 0) return 0;
    // The added reports draw from the growth stream, so that the city's own
    // stream (and with it every other figure) is what it would have been.
    std::swap(rng_, growth_rng_);
    forced_buurt_ = growth_buurt_;
    for (int64_t i = 0; i < extra; ++i) melding_overbewoning(year);
    forced_buurt_ = -1;
    std::swap(rng_, growth_rng_);
    return extra;
}

void ActivityWriter::eerste_vestiging(int year) {
    const int64_t person = pick_person(ActivityType::EersteVestiging, PersonPool::NieuwInBrp, 20);
    begin(ActivityType::EersteVestiging, workday(year));
    put_person(person);
    put_address(hotspot_address(400));
    end();
    if (expected_) expected_->year().eerste_vestiging.insert(identity(person));
}

void ActivityWriter::leegstandscontrole(int year) {
    static constexpr std::array<std::string_view, 3> kBevinding = {"leeg", "bewoond_eu", "bewoond_overig"};
    static constexpr std::array<uint32_t, 3> kBevindingWeights = {100, 800, 100};
    // The checks concentrate in one buurt, as the 2024 letter reports for
    // Oud Mathenesse, with a few in the other priority buurten.
    const int64_t address = rng_.chance(800) ? address_in(layout_.leegstand_focus) : hotspot_address(1000);
    const size_t bevinding = rng_.weighted(kBevindingWeights);
    begin(ActivityType::Leegstandscontrole, workday(year));
    put_address(address);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("bevinding":"{}"}})", kBevinding[bevinding]);
    end();
    if (expected_) {
        ++expected_->year().leegstandscontroles;
        if (bevinding == 1) ++expected_->year().leegstand_bewoond_eu;
    }
}

void ActivityWriter::integrale_controle(int year) {
    const Date date = workday(year);
    const int buurt = pick_buurt(850);
    const int64_t id = begin(ActivityType::IntegraleControle, date);
    put_area(buurt);
    end();
    controles_.push_back({id, date, buurt});
    if (expected_) ++expected_->year().integrale_controles;
}

void ActivityWriter::huisbezoek(int year) {
    static constexpr std::array<std::string_view, 5> kMisstanden = {"overbewoning", "gebrekkige_huisvesting",
                                                                    "brandonveilig", "uitbuiting",
                                                                    "onjuiste_inschrijving"};
    // Most home visits are part of an integrated inspection: same day, same
    // buurt, with the inspection as parent.
    Date date;
    int64_t address = 0;
    int64_t parent = -1;
    if (!controles_.empty() && rng_.chance(600)) {
        const Controle& c = controles_[rng_.below(controles_.size())];
        date = c.date;
        address = address_in(c.buurt);
        parent = c.id;
    } else {
        date = workday(year);
        address = hotspot_address(450);
    }
    const bool misstand = rng_.chance(300);
    begin(ActivityType::Huisbezoek, date);
    put_address(address);
    if (parent >= 0) put_parent(parent);
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("misstand":{})", misstand);
    if (misstand) {
        const size_t first = rng_.below(kMisstanden.size());
        fmt::format_to(sink_.inserter(), R"(,"misstanden":["{}")", kMisstanden[first]);
        if (rng_.chance(300))
            fmt::format_to(sink_.inserter(), R"(,"{}")", kMisstanden[(first + 1) % kMisstanden.size()]);
        sink_.put("]");
    }
    sink_.put("}");
    end();
    if (expected_) {
        ++expected_->year().huisbezoeken;
        if (misstand) expected_->year().woningen_misstand.insert(static_cast<size_t>(address));
    }
}

void ActivityWriter::bouwplaatscontrole(int year) {
    const bool misstand = rng_.chance(250);
    begin(ActivityType::Bouwplaatscontrole, workday(year));
    put_organisation(layout_.construction_firms[rng_.below(layout_.construction_firms.size())]);
    put_address(any_address());
    begin_attributes();
    fmt::format_to(sink_.inserter(), R"("misstand":{}}})", misstand);
    end();
    if (expected_) {
        ++expected_->year().bouwplaatscontroles;
        if (misstand) ++expected_->year().bouwplaats_misstand;
    }
}

void ActivityWriter::dossier_nla(int year) {
    // A case file comes from a report where overcrowding was found; a year
    // always has reports (the plan gives every type one), and in a tiny city
    // without such findings any report of the year serves.
    size_t pick = rng_.below(meldingen_.size());
    for (int attempt = 0; attempt < 32 && !meldingen_[pick].overbewoning; ++attempt)
        pick = rng_.below(meldingen_.size());
    const Melding& m = meldingen_[pick];
    // Built a few weeks after the report, but within the same year so that
    // the file counts in the year of its report.
    const Date last = Date::from_ymd(year, 12, 31);
    const Date date = std::min(last, m.date + static_cast<int32_t>(rng_.between(7, 60)));
    begin(ActivityType::DossierNla, date);
    put_parent(m.id);
    end();
    if (expected_) ++expected_->year().dossiers_nla;
}

}  // namespace grip::generator
