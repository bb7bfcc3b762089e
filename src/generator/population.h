#pragma once
// The people and dwellings of the synthetic city. Persons and addresses are
// written once, up front, and the activities refer to them by index; the
// generator keeps a few bytes per person so that it can choose fitting
// persons for each activity and know who is the same person.

#include <array>
#include <cstdint>
#include <vector>

#include "generator/city_layout.h"
#include "generator/nationality.h"

namespace grip::generator {

class DateText;
class NdjsonSink;

enum class BrpStatus : uint8_t { Ingeschreven, Rni, NietIngeschreven, Onbekend };
std::string_view brp_name(BrpStatus status);

struct Population {
    int64_t persons = 0;
    // The person that a person record stands for: records delivered twice
    // with the same BSN share the index of the first; a record without a BSN
    // is its own person. Counts of distinct persons count these values.
    std::vector<uint32_t> identity;
    std::vector<uint8_t> nationality;  // index into population_countries(), or kNoNationality
    std::vector<BrpStatus> brp;
    // The person records of each nationality group, so that an activity can
    // draw its participants from the mix of groups it attracts.
    std::array<std::vector<uint32_t>, kNationalityGroupCount> by_group;
    int64_t records_sharing_bsn = 0;  // records that repeat an earlier BSN
    int64_t records_without_bsn = 0;

    int64_t addresses = 0;
    // Addresses are written buurt by buurt: those of buurt b are the indices
    // [address_begin[b], address_begin[b + 1]).
    std::vector<int64_t> address_begin;
    int64_t addresses_in(int buurt) const {
        return address_begin[static_cast<size_t>(buurt) + 1] - address_begin[static_cast<size_t>(buurt)];
    }
};

// Shares out the addresses over the buurten (priority buurten, where many
// labour migrants live, weigh more) and writes them.
void write_addresses(const CityLayout& layout, int64_t count, uint64_t seed, Population& population, NdjsonSink& sink);

// Writes the persons: synthetic BSNs that pass the eleven test, some records
// without BSN, about one in a hundred a second record of an earlier person
// (delivered again by another partner), a realistic mix of nationalities.
void write_persons(int64_t count, int first_year, uint64_t seed, Population& population, NdjsonSink& sink);

}  // namespace grip::generator
