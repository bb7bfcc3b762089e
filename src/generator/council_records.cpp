#include "generator/council_records.h"

#include <array>

#include <fmt/format.h>

#include "generator/city_layout.h"
#include "generator/date_text.h"
#include "generator/expected_figures.h"
#include "generator/ids.h"
#include "generator/ndjson_sink.h"
#include "generator/random.h"

namespace grip::generator {
namespace {

struct MilestoneText {
    std::string_view theme;
    std::string_view text;
};

constexpr std::array<MilestoneText, 8> kMilestones = {{
    {"werk",
     "De coalitie Goed Werkgeverschap is van start gegaan en de samenwerking met werkgevers en "
     "uitzendbureaus is opgestart."},
    {"info",
     "De dienstverlening op de informatiepunten is uitgebreid met arbeidsmarktgerelateerde "
     "dienstverlening."},
    {"handhaving", "De pilot goed opdrachtgeverschap is gestart."},
    {"zelfredzaamheid", "De sleutelfigurenaanpak wordt vanuit de welzijnspartij aangestuurd."},
    {"info", "Er is een meertalige communicatiecampagne gelanceerd om EU-arbeidsmigranten beter te bereiken."},
    {"handhaving", "De Nederlandse Arbeidsinspectie heeft een proeftraining verzorgd voor toezichthouders."},
    {"dakloos", "Er is een opvang geopend voor niet rechthebbende dakloze EU-arbeidsmigranten."},
    {"zelfredzaamheid", "Het cursusaanbod is uitgebreid met non-formele trajecten in de wijken."},
}};

constexpr std::array<std::string_view, 8> kMotionTitles = {
    "Huisvesting arbeidsmigranten in beeld",
    "Meertalige informatie voor nieuwkomers",
    "Samenwerken voor EU-arbeidsmigranten",
    "Vakbonden voor EU-arbeidsmigranten",
    "Goed werkgeverschap over gemeentegrenzen heen",
    "Stop de dubbele uitbuiting",
    "Registratie van kortverblijvers",
    "Taal als sleutel tot zelfredzaamheid",
};

constexpr std::array<std::string_view, 3> kPortfolios = {"Werk en Inkomen", "Bouwen en Wonen",
                                                         "Zorg, Welzijn en Jeugd"};

}  // namespace

CouncilRecords build_council_records(const std::vector<YearPlan>& plans, uint64_t seed) {
    Random rng = make_random(seed, Stream::Council);
    CouncilRecords records;
    const int first_year = plans.front().year;
    const int last_year = plans.back().year;

    // Fines grow with the city: about twenty a quarter for a city of the
    // sample's size, more for a larger one.
    records.aggregates.push_back({"boete_nla", fmt::format("{}-Q4", first_year - 1), rng.between(15, 26)});
    for (const YearPlan& plan : plans) {
        const int64_t scale = std::max<int64_t>(1, plan.total / 10'000);
        for (int q = 1; q <= 4; ++q)
            records.aggregates.push_back(
                {"boete_nla", fmt::format("{}-Q{}", plan.year, q), rng.between(15, 26) * scale});
    }

    for (const YearPlan& plan : plans) {
        const int k = plan.year - first_year;
        for (int m = 0; m < 4; ++m) {
            const MilestoneText& t = kMilestones[static_cast<size_t>((k * 4 + m) % kMilestones.size())];
            const Date date = Date::from_ymd(plan.year, static_cast<unsigned>(1 + m * 3 + rng.below(3)),
                                             static_cast<unsigned>(1 + rng.below(28)));
            static constexpr std::array<std::string_view, 3> kOpenStatus = {"gestart", "vertraagd", "gerealiseerd"};
            const std::string_view status = plan.year == last_year ? kOpenStatus[rng.below(3)] : "gerealiseerd";
            records.milestones.push_back({std::string(t.theme), date, std::string(t.text), std::string(status)});
        }
    }

    for (const YearPlan& plan : plans) {
        const int k = plan.year - first_year;
        const bool last = plan.year == last_year;
        const Date adopted = Date::from_ymd(plan.year, 5 + static_cast<unsigned>(rng.below(4)),
                                            1 + static_cast<unsigned>(rng.below(28)));
        const int yy = plan.year % 100;
        for (int m = 0; m < 5; ++m) {
            MotionRecord motion;
            const bool toezegging = m == 4;
            motion.id = fmt::format("{:02}bb{:06}", yy, toezegging ? 4460 : 4411 + m);
            motion.type = toezegging ? "toezegging" : "motie";
            motion.title = toezegging ? fmt::format("Voortgangsrapportage over {}", plan.year)
                                      : std::string(kMotionTitles[static_cast<size_t>((k * 4 + m) % 8)]);
            motion.adopted = adopted;
            motion.portfolio = std::string(kPortfolios[static_cast<size_t>(m) % kPortfolios.size()]);
            if (!last) {
                motion.status = "afgedaan";
                motion.response = fmt::format("Afgedaan met de voortgangsrapportage over {}.", plan.year);
                motion.disposed = Date::from_ymd(plan.year + 1, 9, 12);
            } else if (m == 3) {
                motion.status = "in_uitvoering";
            } else {
                motion.status = "afdoening_voorgesteld";
                motion.response =
                    fmt::format("Afdoening van '{}': zie de toelichting in deze voortgangsrapportage.", motion.title);
            }
            records.motions.push_back(std::move(motion));
        }
    }
    return records;
}

void add_registered_eu_migrants(const CityLayout& layout, const std::vector<YearPlan>& plans, uint64_t seed,
                                CouncilRecords& records) {
    Random rng = make_random(seed, Stream::Context);
    for (const Buurt& b : layout.buurten) {
        // Per mille of the inhabitants: 20-40 elsewhere, 80-120 in the priority buurten.
        const int64_t base = b.priority ? rng.between(80, 120) : rng.between(20, 40);
        for (size_t k = 0; k < plans.size(); ++k) {
            const int64_t per_mille = base + static_cast<int64_t>(k) * rng.between(0, 4);
            records.aggregates.push_back({"eu_migranten_ingeschreven", fmt::format("{}", plans[k].year),
                                          (b.inhabitants * per_mille + 500) / 1000, std::string(b.code)});
        }
    }
}

void write_council_records(const CouncilRecords& records, const CityLayout& layout, const DateText& dates,
                           NdjsonSink& sink, ExpectedFigures* expected) {
    auto out = sink.inserter();
    for (size_t i = 0; i < records.aggregates.size(); ++i) {
        const AggregateRecord& a = records.aggregates[i];
        sink.put(R"({"kind":"aggregate","id":")");
        put_aggregate_id(sink.buffer(), static_cast<int64_t>(i));
        fmt::format_to(out, R"(","type":"{}","period":"{}","value":{})", a.type, a.period, a.value);
        if (!a.area.empty()) {
            fmt::format_to(out, R"(,"area":"{}"}})", a.area);
        } else {
            sink.put(R"(,"organisation":")");
            put_organisation_id(sink.buffer(), layout.labour_inspectorate);
            sink.put("\"}");
        }
        sink.end_record();
        if (expected) expected->add_aggregate(a.type, a.period, a.value);
    }
    for (size_t i = 0; i < records.milestones.size(); ++i) {
        const MilestoneRecord& m = records.milestones[i];
        sink.put(R"({"kind":"milestone","id":")");
        put_milestone_id(sink.buffer(), static_cast<int64_t>(i));
        fmt::format_to(out, R"(","theme":"{}","date":"{}","text":)", m.theme, dates(m.date));
        sink.put_json_string(m.text);
        fmt::format_to(out, R"(,"status":"{}"}})", m.status);
        sink.end_record();
    }
    for (const MotionRecord& m : records.motions) {
        fmt::format_to(out, R"({{"kind":"motion","id":"{}","type":"{}","title":)", m.id, m.type);
        sink.put_json_string(m.title);
        fmt::format_to(out, R"(,"adopted":"{}","portfolio":)", dates(m.adopted));
        sink.put_json_string(m.portfolio);
        fmt::format_to(out, R"(,"status":"{}")", m.status);
        if (!m.response.empty()) {
            sink.put(R"(,"response":)");
            sink.put_json_string(m.response);
        }
        if (m.disposed) fmt::format_to(out, R"(,"disposed":"{}")", dates(*m.disposed));
        sink.put("}");
        sink.end_record();
        if (expected) expected->add_motion(m.id, m.status);
    }
}

}  // namespace grip::generator
