#pragma once
// Nationalities of the synthetic population: which countries, how often, and
// the groups the programme's indicators ask about.

#include <cstdint>
#include <span>
#include <string_view>

namespace grip::generator {

// How the generator thinks of a nationality when it decides who takes part
// in what (a course, a return home, a shelter intake).
enum class NationalityGroup : uint8_t {
    CentralEastEurope,  // the MOE-landen
    OtherEu,            // the rest of the EU, not NL
    Netherlands,
    OtherEurope,  // European, not EU
    NonEurope,
    Unknown,  // no nationality delivered
};
inline constexpr size_t kNationalityGroupCount = 6;

struct Country {
    std::string_view code;  // ISO 3166-1 alpha-2
    NationalityGroup group;
    uint32_t weight;  // share in the population, in arbitrary units
};

// The countries of the population mix. Index kNoNationality stands for a
// person whose nationality was not delivered.
std::span<const Country> population_countries();
inline constexpr uint8_t kNoNationality = 255;
// Weights of population_countries() plus, last, the weight of "unknown".
std::span<const uint32_t> population_country_weights();

NationalityGroup group_of(uint8_t nationality);
std::string_view code_of(uint8_t nationality);  // empty for kNoNationality

// The definitions of indicators.md, from the ISO code alone. These are the
// oracle's view and deliberately do not use the generator's groups.
bool is_eu_member(std::string_view code);
bool is_central_east_european(std::string_view code);
// European, neither NL nor Central and Eastern Europe: the rest of the EU,
// the EEA, Switzerland, the United Kingdom, the Western Balkans, Ukraine,
// Moldova, Belarus, Türkiye and the European microstates.
bool is_other_european(std::string_view code);

}  // namespace grip::generator
