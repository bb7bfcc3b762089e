#pragma once
// The figures the generated city is meant to give: the oracle against which
// Grip's indicator engine is tested. The generator tells this bookkeeping
// what it writes, record by record, and the figures are counted here exactly
// as indicators.md defines them, without any other Grip code.

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/date.h"

namespace grip::generator {

// A set of small integers (person identities, address indices) as a bitmap:
// a few hundred kilobytes even for the city of two million persons.
class IndexSet {
public:
    explicit IndexSet(size_t universe = 0) : bits_((universe + 63) / 64, 0) {}
    void insert(size_t i) {
        uint64_t& word = bits_[i / 64];
        const uint64_t bit = uint64_t{1} << (i % 64);
        size_ += (word & bit) ? 0 : 1;
        word |= bit;
    }
    int64_t size() const { return size_; }
    void clear() {
        std::fill(bits_.begin(), bits_.end(), 0);
        size_ = 0;
    }

private:
    std::vector<uint64_t> bits_;
    int64_t size_ = 0;
};

// The topics of an infopunt visit, the values of `onderwerpen`.
inline constexpr std::array<std::string_view, 8> kOnderwerpen = {"financieel", "juridisch", "werk",      "wonen",
                                                                 "brp",        "zorg",      "onderwijs", "overig"};

// What one year's activities add up to. The generator writes a year's
// activities together, so one tally at a time is enough.
struct YearTally {
    explicit YearTally(size_t persons = 0, size_t addresses = 0);

    int64_t banenmarkt_bereik = 0;
    int64_t campagnerondes = 0;
    int64_t bijeenkomsten = 0;
    int64_t groepsinschrijvingen = 0;
    int64_t meldingen_overbewoning = 0;
    int64_t overbewoning_eu = 0;
    int64_t leegstandscontroles = 0;
    int64_t leegstand_bewoond_eu = 0;
    int64_t integrale_controles = 0;
    int64_t huisbezoeken = 0;
    int64_t bouwplaatscontroles = 0;
    int64_t bouwplaats_misstand = 0;
    int64_t dossiers_nla = 0;
    int64_t klankbordgroepen = 0;
    std::array<int64_t, kOnderwerpen.size()> onderwerpen{};

    // Distinct persons (by identity, see Population::identity).
    IndexSet dakloos_aan_werk, digid_geactiveerd, unieke_bezoekers, eerste_vestiging, terugkeer, opvang_opgevangen,
        cursisten, cursus_formeel_eu, cursus_non_formeel_eu, cursisten_moe, cursisten_overig_europa;
    // Distinct addresses.
    IndexSet woningen_misstand;

    // Notes a course enrolment of a person with the given nationality code
    // (empty when none was delivered).
    void add_cursist(uint32_t identity, std::string_view nationality, bool formeel);
};

// The nationality groups that the course indicators ask about, looked up
// by code from a table built once from the definitions in nationality.h.
struct NationalityFlags {
    bool eu_not_nl = false;
    bool central_east = false;
    bool other_european = false;
};
NationalityFlags nationality_flags(std::string_view code);

class ExpectedFigures {
public:
    ExpectedFigures(size_t persons, size_t addresses);

    void begin_year(int year);
    YearTally& year() { return tally_; }
    void end_year();

    // Records whose figures look at a period's end or span years.
    void add_location(std::string_view type, int64_t capacity, Date opened, std::optional<Date> closed);
    void add_sleutelfiguur(uint32_t identity, Date date, std::optional<Date> end_date);
    void add_aggregate(std::string_view type, std::string_view period, int64_t value);
    void add_motion(std::string_view id, std::string_view status);

    // {"<year>": {"year", "indicators", "top_topics", "afdoening_voorgesteld"}}
    // for every year begun, in the shape of sample-2023.expected.json.
    boost::json::object to_json() const;

private:
    struct LocationNote {
        std::string type;
        int64_t capacity;
        Date opened;
        std::optional<Date> closed;
    };
    struct SleutelfiguurNote {
        uint32_t identity;
        Date date;
        std::optional<Date> end_date;
    };
    struct AggregateNote {
        std::string type;
        std::string period;
        int64_t value;
    };
    struct YearResult {
        std::vector<std::pair<std::string, int64_t>> figures;  // in the order of indicators.md
        std::vector<std::string> top_topics;
    };

    boost::json::object year_json(int year, const YearResult& result) const;

    size_t persons_ = 0;
    size_t addresses_ = 0;
    int current_year_ = 0;
    YearTally tally_;
    std::map<int, YearResult> years_;
    std::vector<LocationNote> locations_;
    std::vector<SleutelfiguurNote> sleutelfiguren_;
    std::vector<AggregateNote> aggregates_;
    std::vector<std::pair<std::string, std::string>> motions_;
};

// Rounds 100 * numerator / denominator half up to a whole number; 0 when the
// denominator is 0.
int64_t share_pct(int64_t numerator, int64_t denominator);

// JSON with one-space indentation, like the sample's expected file, so that
// a person can read and diff it.
std::string pretty_json(const boost::json::value& value);

}  // namespace grip::generator
