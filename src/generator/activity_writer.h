#pragma once
// Writes the activities of the city, year by year and type by type, and
// tells the expected figures what it wrote. Nothing is kept per activity
// except the few records that later activities refer to (a year's
// inspections and overcrowding reports), so ten million activities stream
// through in constant memory.

#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "generator/activity_plan.h"
#include "generator/city_layout.h"
#include "generator/population.h"
#include "generator/random.h"

namespace grip::generator {

class DateText;
class ExpectedFigures;
class NdjsonSink;

// Who takes part in an activity: each pool draws from the shared population
// with its own mix of nationality groups (and for first registrations only
// persons not in the BRP), so that each activity has its own kind of
// participant.
enum class PersonPool : uint8_t {
    Cursist,          // language and other courses: newcomers of every origin
    EuMigrant,        // information points, DigiD help, job mediation
    DaklozeEuBurger,  // homeless EU citizens: shelters, returns, work
    NieuwInBrp,       // not (yet) registered in the BRP
    Sleutelfiguur,    // key figures in their own community
};

class ActivityWriter {
public:
    ActivityWriter(const CityLayout& layout, const Population& population, const DateText& dates, uint64_t seed,
                   NdjsonSink& sink, ExpectedFigures* expected);

    void write_year(const YearPlan& plan);
    // The late partner of the delivery calendar: `count` intakes at the
    // shelter `location` dated in `month` of `year`, written to `late` (a
    // delivery of their own, which comes in after its due date) instead of
    // the city's stream. Call inside the year's figures, after write_year.
    void write_late_intakes(int year, unsigned month, int location, int count, NdjsonSink& late);
    int64_t written() const { return next_id_; }
    // Growth for the tests of signals (docs/figures.md): the reports of
    // overcrowding in `buurt` are counted per year, and write_growth(year)
    // adds reports there (from a random stream of their own) until the year
    // has `factor` times the previous year's. Returns how many it added.
    void watch_growth(int buurt, double factor, uint64_t seed);
    int64_t write_growth(int year);

private:
    // Theme werk and info (activities_werk_info.cpp).
    void banenmarkt(int year);
    void toeleiding_werk(int year);
    void bemiddeling_werk(int year);
    void campagneronde(int year);
    void informatiebijeenkomst(int year);
    void groepsinschrijving(int year);
    void digid_hulp(int year);
    void infopunt_bezoek(int year);
    // Theme handhaving (activities_handhaving.cpp).
    void melding_overbewoning(int year);
    void eerste_vestiging(int year);
    void leegstandscontrole(int year);
    void integrale_controle(int year);
    void huisbezoek(int year);
    void bouwplaatscontrole(int year);
    void dossier_nla(int year);
    // Themes zelfredzaamheid and dakloos (activities_zelfredzaamheid.cpp).
    void sleutelfiguur(int year, int64_t nth);
    void cursus_inschrijving(int year);
    void klankbordgroep(int year);
    void terugkeer(int year);
    void opvang_intake(int year);

    // The line of one activity: begin, fields, optional attributes, end.
    int64_t begin(ActivityType type, Date date);
    void put_person(int64_t person);
    void put_address(int64_t address);
    void put_location(int location);
    void put_organisation(int organisation);
    void put_area(int buurt);
    void put_parent(int64_t activity);
    void put_count(int64_t count);
    void put_end_date(Date date);
    void begin_attributes();
    void put_topics(std::string_view name, const std::array<bool, 8>& chosen);
    void end();

    // Choices.
    Date any_day(int year);
    Date workday(int year);
    int64_t pick_person(ActivityType type, PersonPool pool, uint32_t repeat_per_mille);
    int64_t any_address();
    int64_t address_in(int buurt);
    // An address in a priority buurt with the given chance, else anywhere.
    int64_t hotspot_address(uint32_t priority_per_mille);
    int pick_buurt(uint32_t priority_per_mille);
    // A location of the type open on `date`, weighted by how busy it is.
    int open_location(LocationType type, Date date);
    // A day of the year on which some location of the type is open.
    Date day_with_open(LocationType type, int year);
    int covenant_partner_on(Date date);
    std::array<bool, 8> topics(uint32_t max_topics);

    std::string_view nationality_code(int64_t person) const;
    uint32_t identity(int64_t person) const { return population_.identity[static_cast<size_t>(person)]; }

    const CityLayout& layout_;
    const Population& population_;
    const DateText& dates_;
    NdjsonSink& sink_;
    ExpectedFigures* expected_;
    Random rng_;
    int64_t next_id_ = 0;

    // A year's records that later activities of the same year refer to.
    struct Melding {
        int64_t id;
        Date date;
        bool overbewoning;
    };
    struct Controle {
        int64_t id;
        Date date;
        int buurt;
    };
    std::vector<Melding> meldingen_;
    std::vector<Controle> controles_;

    // watch_growth: the buurt (-1: none), the factor, the reports there per
    // year, the stream the added reports draw from, and a buurt forced on
    // the next report's address.
    int growth_buurt_ = -1;
    double growth_factor_ = 1;
    std::map<int, int64_t> growth_counts_;
    Random growth_rng_{0, 0};
    int forced_buurt_ = -1;

    // Recent participants per type, so that people come back: a visitor
    // returns to the information point, a course student enrols again.
    struct Recent {
        std::vector<uint32_t> persons;
        size_t next = 0;
    };
    std::array<Recent, kActivityTypeCount> recent_;
};

}  // namespace grip::generator
