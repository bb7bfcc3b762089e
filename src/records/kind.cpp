#include "records/kind.h"

#include <algorithm>

namespace grip::records {
namespace {

constexpr std::string_view kLevels[] = {"gemeente", "wijk", "buurt"};
constexpr std::string_view kBranches[] = {"ABU", "NBBU"};
constexpr std::string_view kBrp[] = {"ingeschreven", "rni", "niet_ingeschreven", "onbekend"};
constexpr std::string_view kMilestoneStatus[] = {"gestart", "gerealiseerd", "vertraagd"};
constexpr std::string_view kMotionTypes[] = {"motie", "toezegging", "amendement"};
constexpr std::string_view kMotionStatus[] = {"open", "in_uitvoering", "afdoening_voorgesteld", "afgedaan",
                                              "verworpen"};
constexpr std::string_view kMotionVotes[] = {"aangenomen", "verworpen", "ingetrokken", "aangehouden"};

constexpr FieldSpec kAreaFields[] = {
    {"code", FieldType::AreaCode, true},
    {"name", FieldType::Text, true},
    {"level", FieldType::Enum, true, Kind::Area, kLevels},
    {"parent", FieldType::Ref, false, Kind::Area},
    {"priority", FieldType::Bool},
    {"inhabitants", FieldType::Int, false, Kind::Area, {}, Personal::No, 0},
};
constexpr FieldSpec kLocationFields[] = {
    {"id", FieldType::Text, true},
    {"type", FieldType::CatalogueCode, true},
    {"name", FieldType::Text, true},
    {"area", FieldType::Ref, false, Kind::Area},
    {"capacity", FieldType::Int, false, Kind::Area, {}, Personal::No, 0},
    {"opened", FieldType::Date},
    {"closed", FieldType::Date},
};
constexpr FieldSpec kOrganisationFields[] = {
    {"id", FieldType::Text, true},
    {"name", FieldType::Text, true},
    {"type", FieldType::Text, true},
    {"kvk", FieldType::Kvk},
    {"branch", FieldType::EnumList, false, Kind::Area, kBranches},
    {"covenant_since", FieldType::Date},
    {"covenant_until", FieldType::Date},
};
constexpr FieldSpec kPersonFields[] = {
    {"id", FieldType::Text, true},
    {"bsn", FieldType::Bsn, false, Kind::Area, {}, Personal::Yes},
    {"given_name", FieldType::Text, false, Kind::Area, {}, Personal::Yes},
    {"family_name", FieldType::Text, false, Kind::Area, {}, Personal::Yes},
    {"birth_year", FieldType::Int, false, Kind::Area, {}, Personal::No, 1880, 2100},
    {"nationality", FieldType::Country},
    {"brp", FieldType::Enum, false, Kind::Area, kBrp},
    {"languages", FieldType::LanguageList},
    // People without a BSN (docs/exchange-format.md, "Personen zonder BSN"):
    // optional fields added without breaking a file that was valid. The birth
    // date and the partner's own client number are personal, sealed like the
    // names; `same_as` names another person record of the same human.
    {"birth_date", FieldType::Date, false, Kind::Area, {}, Personal::Yes, 0, 0, kPersonLinksSince},
    {"client_number", FieldType::Text, false, Kind::Area, {}, Personal::Yes, 0, 0, kPersonLinksSince, kMaxIdLength},
    {"same_as", FieldType::Ref, false, Kind::Person, {}, Personal::No, 0, 0, kPersonLinksSince},
};
constexpr FieldSpec kAddressFields[] = {
    {"id", FieldType::Text, true},
    {"postcode", FieldType::Postcode, true, Kind::Area, {}, Personal::Yes},
    {"house_number", FieldType::Int, true, Kind::Area, {}, Personal::Yes, 1, 999999},
    {"suffix", FieldType::Text, false, Kind::Area, {}, Personal::Yes, 0, 0, 1, 20},
    {"street", FieldType::Text, false, Kind::Area, {}, Personal::Yes},
    {"city", FieldType::Text},
    {"area", FieldType::Ref, false, Kind::Area},
};
constexpr FieldSpec kActivityFields[] = {
    {"id", FieldType::Text, true},
    {"type", FieldType::CatalogueCode, true},
    {"date", FieldType::Date, true},
    {"end_date", FieldType::Date},
    {"person", FieldType::Ref, false, Kind::Person},
    {"address", FieldType::Ref, false, Kind::Address},
    {"organisation", FieldType::Ref, false, Kind::Organisation},
    {"location", FieldType::Ref, false, Kind::Location},
    {"area", FieldType::Ref, false, Kind::Area},
    {"parent", FieldType::Ref, false, Kind::Activity},
    {"count", FieldType::Int, false, Kind::Area, {}, Personal::No, 0},
    {"attributes", FieldType::Attributes},
};
constexpr FieldSpec kAggregateFields[] = {
    {"id", FieldType::Text, true},
    {"type", FieldType::CatalogueCode, true},
    {"period", FieldType::Period, true},
    {"value", FieldType::Number, true},
    {"area", FieldType::Ref, false, Kind::Area},
    {"organisation", FieldType::Ref, false, Kind::Organisation},
};
constexpr FieldSpec kMilestoneFields[] = {
    {"id", FieldType::Text, true},
    {"theme", FieldType::CatalogueCode, true},
    {"date", FieldType::Date, true},
    {.name = "text", .type = FieldType::Text, .required = true, .max_length = kFreeText, .multiline = true},
    {"status", FieldType::Enum, false, Kind::Area, kMilestoneStatus},
};
constexpr FieldSpec kMotionFields[] = {
    {"id", FieldType::Text, true},
    {"type", FieldType::Enum, true, Kind::Area, kMotionTypes},
    {.name = "title", .type = FieldType::Text, .required = true, .max_length = 500},
    {"adopted", FieldType::Date, true},
    {.name = "text", .type = FieldType::Text, .max_length = kFreeText, .multiline = true},
    {"proposer", FieldType::Text},
    {"portfolio", FieldType::Text},
    {"status", FieldType::Enum, false, Kind::Area, kMotionStatus},
    {.name = "response", .type = FieldType::Text, .max_length = kFreeText, .multiline = true},
    {"disposal_proposed", FieldType::Date},
    {"disposed", FieldType::Date},
    // The motions register (docs/casework.md): optional fields added in
    // version 1 of the format without breaking a file that was valid.
    {"party", FieldType::Text, false, Kind::Area, {}, Personal::No, 0, 0, 4},
    {"committee", FieldType::Text, false, Kind::Area, {}, Personal::No, 0, 0, 4},
    {"policy_field", FieldType::Text, false, Kind::Area, {}, Personal::No, 0, 0, 4},
    {"vote", FieldType::Enum, false, Kind::Area, kMotionVotes, Personal::No, 0, 0, 4},
    {"expected", FieldType::Date, false, Kind::Area, {}, Personal::No, 0, 0, 4},
    {"progress", FieldType::TextList, false, Kind::Area, {}, Personal::No, 0, 0, 4, kFreeText, true},
};

const KindSpec kSpecs[] = {
    {Kind::Area, "area", "code", kAreaFields},
    {Kind::Location, "location", "id", kLocationFields},
    {Kind::Organisation, "organisation", "id", kOrganisationFields},
    {Kind::Person, "person", "id", kPersonFields},
    {Kind::Address, "address", "id", kAddressFields},
    {Kind::Activity, "activity", "id", kActivityFields},
    {Kind::Aggregate, "aggregate", "id", kAggregateFields},
    {Kind::Milestone, "milestone", "id", kMilestoneFields},
    {Kind::Motion, "motion", "id", kMotionFields},
};

}  // namespace

std::optional<Kind> parse_kind(std::string_view name) {
    for (const auto& s : kSpecs)
        if (s.name == name) return s.kind;
    return std::nullopt;
}

std::string_view kind_name(Kind k) { return kind_spec(k).name; }

const KindSpec& kind_spec(Kind k) { return kSpecs[static_cast<size_t>(k)]; }

const FieldSpec* KindSpec::field(std::string_view n) const {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == n; });
    return it == fields.end() ? nullptr : &*it;
}

}  // namespace grip::records
