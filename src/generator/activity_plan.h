#pragma once
// How many activities of each type the city gets in each year. The mix is
// shaped like the programme: course enrolments and information-point visits
// dominate; inspections, campaign rounds and sounding-board meetings are rare.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace grip::generator {

// The activity types of the exchange format's catalogue table, in the order
// the generator writes them within a year. The order matters: an
// integrale_controle comes before the home visits that name it as parent,
// a melding_overbewoning before the dossier_nla made from it.
enum class ActivityType : uint8_t {
    Banenmarkt,
    ToeleidingWerk,
    BemiddelingWerk,
    Campagneronde,
    Informatiebijeenkomst,
    Groepsinschrijving,
    DigidHulp,
    InfopuntBezoek,
    MeldingOverbewoning,
    EersteVestiging,
    Leegstandscontrole,
    IntegraleControle,
    Huisbezoek,
    Bouwplaatscontrole,
    DossierNla,
    Sleutelfiguur,
    CursusInschrijving,
    Klankbordgroep,
    Terugkeer,
    OpvangIntake,
};
inline constexpr size_t kActivityTypeCount = 20;

std::string_view activity_type_name(ActivityType type);

using TypeCounts = std::array<int64_t, kActivityTypeCount>;

struct YearPlan {
    int year = 0;
    int64_t total = 0;
    TypeCounts counts{};
};

// Splits `activities` over the years (the programme grows a little each
// year) and over the types. Every type gets at least one activity in every
// year, so that every indicator has a figure; a city too small for that is
// refused.
Result<std::vector<YearPlan>> plan_activities(int64_t activities, int first_year, int years);

}  // namespace grip::generator
