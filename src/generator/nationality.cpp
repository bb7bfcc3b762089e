#include "generator/nationality.h"

#include <algorithm>
#include <array>

namespace grip::generator {
namespace {

using G = NationalityGroup;

// A mix shaped like the persons the programme registers: Polish, Romanian
// and Bulgarian workers are the largest nationalities, but newcomers from
// outside Europe, who fill most of the course places, are as many together;
// then the rest of Europe and a few Dutch nationals.
constexpr std::array kCountries = {
    Country{"PL", G::CentralEastEurope, 260},
    Country{"RO", G::CentralEastEurope, 110},
    Country{"BG", G::CentralEastEurope, 80},
    Country{"HU", G::CentralEastEurope, 40},
    Country{"LT", G::CentralEastEurope, 20},
    Country{"SK", G::CentralEastEurope, 15},
    Country{"LV", G::CentralEastEurope, 12},
    Country{"CZ", G::CentralEastEurope, 8},
    Country{"HR", G::CentralEastEurope, 8},
    Country{"SI", G::CentralEastEurope, 4},
    Country{"EE", G::CentralEastEurope, 3},
    Country{"PT", G::OtherEu, 20},
    Country{"ES", G::OtherEu, 15},
    Country{"IT", G::OtherEu, 15},
    Country{"GR", G::OtherEu, 10},
    Country{"DE", G::OtherEu, 8},
    Country{"FR", G::OtherEu, 8},
    Country{"BE", G::OtherEu, 5},
    Country{"IE", G::OtherEu, 3},
    Country{"AT", G::OtherEu, 3},
    Country{"SE", G::OtherEu, 3},
    Country{"FI", G::OtherEu, 2},
    Country{"DK", G::OtherEu, 2},
    Country{"CY", G::OtherEu, 1},
    Country{"LU", G::OtherEu, 1},
    Country{"MT", G::OtherEu, 1},
    Country{"NL", G::Netherlands, 50},
    Country{"UA", G::OtherEurope, 40},
    Country{"TR", G::OtherEurope, 15},
    Country{"GB", G::OtherEurope, 10},
    Country{"MD", G::OtherEurope, 8},
    Country{"RS", G::OtherEurope, 5},
    Country{"AL", G::OtherEurope, 3},
    Country{"BA", G::OtherEurope, 3},
    Country{"MK", G::OtherEurope, 3},
    Country{"BY", G::OtherEurope, 2},
    Country{"CH", G::OtherEurope, 2},
    Country{"NO", G::OtherEurope, 2},
    Country{"ME", G::OtherEurope, 1},
    Country{"IS", G::OtherEurope, 1},
    Country{"SY", G::NonEurope, 75},
    Country{"IN", G::NonEurope, 75},
    Country{"MA", G::NonEurope, 60},
    Country{"BR", G::NonEurope, 60},
    Country{"SR", G::NonEurope, 60},
    Country{"AF", G::NonEurope, 45},
    Country{"ER", G::NonEurope, 45},
    Country{"PH", G::NonEurope, 45},
    Country{"NG", G::NonEurope, 30},
    Country{"CN", G::NonEurope, 30},
    Country{"VN", G::NonEurope, 24},
    Country{"CO", G::NonEurope, 24},
};
constexpr uint32_t kUnknownWeight = 20;

constexpr std::array<uint32_t, kCountries.size() + 1> make_weights() {
    std::array<uint32_t, kCountries.size() + 1> w{};
    for (size_t i = 0; i < kCountries.size(); ++i) w[i] = kCountries[i].weight;
    w[kCountries.size()] = kUnknownWeight;
    return w;
}
constexpr auto kWeights = make_weights();

bool contains(std::span<const std::string_view> set, std::string_view code) {
    return std::find(set.begin(), set.end(), code) != set.end();
}

constexpr std::array<std::string_view, 27> kEu = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
                                                  "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
                                                  "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
constexpr std::array<std::string_view, 11> kCee = {"BG", "CZ", "EE", "HR", "HU", "LT", "LV", "PL", "RO", "SI", "SK"};
// European states outside the EU that indicators.md counts as "other European":
// the EEA, Switzerland, the United Kingdom, the Western Balkans, Ukraine,
// Moldova, Belarus, Türkiye, and the microstates (European countries too).
// XK (Kosovo) is not an official ISO code, but deliveries use it.
constexpr std::array<std::string_view, 19> kEuropeOutsideEu = {"IS", "LI", "NO", "CH", "GB", "AL", "BA",
                                                               "ME", "MK", "RS", "XK", "UA", "MD", "BY",
                                                               "TR", "AD", "MC", "SM", "VA"};

static_assert(kCountries.size() < kNoNationality, "nationality indices must fit below kNoNationality");

}  // namespace

std::span<const Country> population_countries() { return kCountries; }
std::span<const uint32_t> population_country_weights() { return kWeights; }

NationalityGroup group_of(uint8_t nationality) {
    return nationality < kCountries.size() ? kCountries[nationality].group : NationalityGroup::Unknown;
}

std::string_view code_of(uint8_t nationality) {
    return nationality < kCountries.size() ? kCountries[nationality].code : std::string_view{};
}

bool is_eu_member(std::string_view code) { return contains(kEu, code); }
bool is_central_east_european(std::string_view code) { return contains(kCee, code); }
bool is_other_european(std::string_view code) {
    if (code == "NL" || is_central_east_european(code)) return false;
    return is_eu_member(code) || contains(kEuropeOutsideEu, code);
}

}  // namespace grip::generator
