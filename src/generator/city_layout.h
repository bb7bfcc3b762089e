#pragma once
// The fixed frame of the synthetic city: its areas (Rotterdam's wijken and
// buurten with CBS codes), the organisations of the programme and the
// locations where the work happens. Small, built once, kept in memory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"

namespace grip::generator {

class DateText;
class NdjsonSink;

struct Wijk {
    std::string_view code;
    std::string_view name;
};

struct Buurt {
    std::string_view code;
    std::string_view name;
    int wijk = 0;  // index into CityLayout::wijken
    int64_t inhabitants = 0;
    bool priority = false;
};

enum class LocationType { Infopunt, DigidBalie, Opvang, Kortverblijf, Leslocatie };
std::string_view location_type_name(LocationType type);

struct Location {
    LocationType type = LocationType::Infopunt;
    std::string_view name;
    int buurt = 0;
    int64_t capacity = 0;  // 0: not delivered
    Date opened;
    std::optional<Date> closed;
    uint32_t weight = 1;  // how busy it is compared to others of its type

    bool open_on(Date d) const { return opened <= d && (!closed || d <= *closed); }
};

struct Organisation {
    std::string_view name;
    std::string_view type;
    std::string kvk;                       // empty: not delivered
    std::vector<std::string_view> branch;  // ABU, NBBU
    std::optional<Date> covenant_since;
    std::optional<Date> covenant_until;
};

struct CityLayout {
    std::string_view gemeente_code;
    std::string_view gemeente_name;
    std::vector<Wijk> wijken;
    std::vector<Buurt> buurten;
    std::vector<int> priority_buurten;  // indices into buurten
    // The buurt where vacancy checks concentrate (the letter names Oud Mathenesse).
    int leegstand_focus = 0;

    std::vector<Organisation> organisations;
    int labour_inspectorate = 0;  // the Nederlandse Arbeidsinspectie
    int eures = 0;
    int welfare = 0;
    std::vector<int> covenant_partners;   // employers and agencies of the coalition
    std::vector<int> construction_firms;  // inspected on building sites

    std::vector<Location> locations;
    std::vector<int> locations_of(LocationType type) const;
};

// The areas are Rotterdam's (CBS codes and names); organisations and
// locations are synthetic, dated around the generated years so that every
// year has one infopunt closing, a shelter opening, and so on.
CityLayout build_city_layout(int first_year, int last_year, uint64_t seed);

// The Rotterdam wijken and buurten, in CBS order.
void add_rotterdam_areas(CityLayout& layout);

void write_areas(const CityLayout& layout, NdjsonSink& sink);
void write_organisations(const CityLayout& layout, const DateText& dates, NdjsonSink& sink);
void write_locations(const CityLayout& layout, const DateText& dates, NdjsonSink& sink);

size_t area_record_count(const CityLayout& layout);

}  // namespace grip::generator
