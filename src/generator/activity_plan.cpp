#include "generator/activity_plan.h"

#include <cmath>

#include <fmt/format.h>

namespace grip::generator {
namespace {

enum class Scaling {
    // Registrations about single persons or dwellings: they grow with the city.
    Linear,
    // Events bound by staff and budget (fairs, inspections, campaign rounds):
    // a city with a hundred times more visitors does not hold a hundred times
    // more of them, so they grow with the square root.
    SquareRoot,
    // Course enrolments take whatever is left, about two thirds of all.
    Remainder,
};

struct TypeShare {
    ActivityType type;
    std::string_view name;
    Scaling scaling;
    int64_t per_10k;  // activities per 10,000 activities of a year
};

constexpr std::array<TypeShare, kActivityTypeCount> kShares = {{
    {ActivityType::Banenmarkt, "banenmarkt", Scaling::SquareRoot, 2},
    {ActivityType::ToeleidingWerk, "toeleiding_werk", Scaling::Linear, 310},
    {ActivityType::BemiddelingWerk, "bemiddeling_werk", Scaling::Linear, 120},
    {ActivityType::Campagneronde, "campagneronde", Scaling::SquareRoot, 2},
    {ActivityType::Informatiebijeenkomst, "informatiebijeenkomst", Scaling::SquareRoot, 18},
    {ActivityType::Groepsinschrijving, "groepsinschrijving", Scaling::SquareRoot, 3},
    {ActivityType::DigidHulp, "digid_hulp", Scaling::Linear, 300},
    {ActivityType::InfopuntBezoek, "infopunt_bezoek", Scaling::Linear, 1400},
    {ActivityType::MeldingOverbewoning, "melding_overbewoning", Scaling::Linear, 420},
    {ActivityType::EersteVestiging, "eerste_vestiging", Scaling::Linear, 130},
    {ActivityType::Leegstandscontrole, "leegstandscontrole", Scaling::SquareRoot, 30},
    {ActivityType::IntegraleControle, "integrale_controle", Scaling::SquareRoot, 7},
    {ActivityType::Huisbezoek, "huisbezoek", Scaling::Linear, 210},
    {ActivityType::Bouwplaatscontrole, "bouwplaatscontrole", Scaling::SquareRoot, 15},
    {ActivityType::DossierNla, "dossier_nla", Scaling::SquareRoot, 22},
    {ActivityType::Sleutelfiguur, "sleutelfiguur", Scaling::SquareRoot, 35},
    {ActivityType::CursusInschrijving, "cursus_inschrijving", Scaling::Remainder, 0},
    {ActivityType::Klankbordgroep, "klankbordgroep", Scaling::SquareRoot, 4},
    {ActivityType::Terugkeer, "terugkeer", Scaling::Linear, 300},
    {ActivityType::OpvangIntake, "opvang_intake", Scaling::Linear, 130},
}};

constexpr bool shares_in_enum_order() {
    for (size_t i = 0; i < kShares.size(); ++i)
        if (static_cast<size_t>(kShares[i].type) != i) return false;
    return true;
}
static_assert(shares_in_enum_order(), "kShares must list the types in the order of ActivityType");

// Integer square root, exact, so that plans do not depend on libm.
int64_t isqrt(int64_t n) {
    int64_t r = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
    while (r * r > n) --r;
    while ((r + 1) * (r + 1) <= n) ++r;
    return r;
}

int64_t count_for(const TypeShare& share, int64_t year_total) {
    switch (share.scaling) {
        case Scaling::Linear: return std::max<int64_t>(1, share.per_10k * year_total / 10'000);
        // per_10k * sqrt(year_total / 10,000), as 10 * sqrt(year_total) / 1,000.
        case Scaling::SquareRoot: return std::max<int64_t>(1, share.per_10k * isqrt(year_total * 100) / 1'000);
        case Scaling::Remainder: return 0;
    }
    return 0;
}

}  // namespace

std::string_view activity_type_name(ActivityType type) { return kShares[static_cast<size_t>(type)].name; }

Result<std::vector<YearPlan>> plan_activities(int64_t activities, int first_year, int years) {
    // Year k weighs 10 + k: a programme that grows about ten percent a year.
    int64_t weight_sum = 0;
    for (int k = 0; k < years; ++k) weight_sum += 10 + k;
    std::vector<YearPlan> plans;
    int64_t given = 0;
    for (int k = 0; k < years; ++k) {
        YearPlan plan;
        plan.year = first_year + k;
        plan.total = k + 1 == years ? activities - given : activities * (10 + k) / weight_sum;
        given += plan.total;
        int64_t others = 0;
        for (const TypeShare& share : kShares) {
            const int64_t n = count_for(share, plan.total);
            plan.counts[static_cast<size_t>(share.type)] = n;
            others += n;
        }
        const int64_t courses = plan.total - others;
        if (courses < 1) {
            return Error::invalid(fmt::format(
                "{} activities are too few for {} year(s): every one of the {} activity types must occur in every "
                "year; ask for at least {} activities",
                activities, years, kActivityTypeCount, kActivityTypeCount * 2 * static_cast<int64_t>(years)));
        }
        plan.counts[static_cast<size_t>(ActivityType::CursusInschrijving)] = courses;
        plans.push_back(plan);
    }
    return plans;
}

}  // namespace grip::generator
