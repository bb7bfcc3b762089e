#pragma once
// The record kinds of the exchange format (exchange-format.md) and the
// fields each one has. This table drives validation, storage and export, so
// a field is described once.

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace grip::records {

enum class Kind { Area, Location, Organisation, Person, Address, Activity, Aggregate, Milestone, Motion };
inline constexpr std::array<Kind, 9> kAllKinds{Kind::Area,      Kind::Location,  Kind::Organisation,
                                               Kind::Person,    Kind::Address,   Kind::Activity,
                                               Kind::Aggregate, Kind::Milestone, Kind::Motion};

std::optional<Kind> parse_kind(std::string_view);
std::string_view kind_name(Kind);

enum class FieldType {
    Text,
    Int,
    Number,
    Bool,
    Date,
    Period,
    Enum,           // fixed values, listed in `values`
    CatalogueCode,  // a code the catalogue declares (activity type, location type, ...)
    TextList,       // list of free text
    EnumList,       // list of fixed values
    Country,        // ISO 3166-1 alpha-2
    LanguageList,   // list of ISO 639-1 codes
    Postcode,
    Bsn,
    Kvk,
    AreaCode,
    Ref,         // the id (or area code) of another record
    Attributes,  // the type-specific object of an activity
};

// Personal data is kept out of the plain columns: these fields are sealed
// (encrypted) at rest and never appear in logs or messages.
enum class Personal { No, Yes };

// The longest text of a name, a street, a title (in characters).
inline constexpr size_t kShortText = 200;
// The longest free text (a motion's text, a milestone's description).
inline constexpr size_t kFreeText = 20'000;
// The longest id of a record (in characters).
inline constexpr size_t kMaxIdLength = 100;
// The store's schema version that added the fields of people without a BSN
// (a person's birth date, client number and `same_as`).
inline constexpr int kPersonLinksSince = 10;

struct FieldSpec {
    std::string_view name;
    FieldType type;
    bool required = false;
    Kind ref = Kind::Area;                     // for Ref
    std::span<const std::string_view> values;  // for Enum and EnumList
    Personal personal = Personal::No;
    long long min = 0;  // for Int
    long long max = 0;  // for Int, 0 = no maximum
    int since = 1;      // the store's schema version that added the field
    // For Text and TextList (each item), in characters: names and short
    // texts 200, free text more (kFreeText). Longer is a line error.
    size_t max_length = kShortText;
    // Free text may hold line ends and tabs; no other field holds any
    // control character.
    bool multiline = false;
};

struct KindSpec {
    Kind kind;
    std::string_view name;
    std::string_view id_field;  // "id", or "code" for areas
    std::span<const FieldSpec> fields;
    const FieldSpec* field(std::string_view name) const;
};

const KindSpec& kind_spec(Kind);

}  // namespace grip::records
