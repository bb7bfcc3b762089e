#include "generator/population.h"

#include <algorithm>
#include <array>

#include "generator/bsn.h"
#include "generator/ids.h"
#include "generator/nationality.h"
#include "generator/ndjson_sink.h"
#include "generator/random.h"

namespace grip::generator {
namespace {

// Dutch postcodes: four digits and two letters, where SA, SD and SS are
// never used. Each four-digit area holds this many letter pairs, and each
// pair (a street segment) this many house numbers.
constexpr int kLetterPairs = 26 * 26 - 3;
constexpr int64_t kNumbersPerPair = 40;
constexpr int64_t kAddressesPerPc4 = kLetterPairs * kNumbersPerPair;
constexpr int kFirstPc4 = 3011;

std::array<std::array<char, 2>, kLetterPairs> letter_pairs() {
    std::array<std::array<char, 2>, kLetterPairs> pairs{};
    size_t n = 0;
    for (char a = 'A'; a <= 'Z'; ++a)
        for (char b = 'A'; b <= 'Z'; ++b) {
            if (a == 'S' && (b == 'A' || b == 'D' || b == 'S')) continue;
            pairs[n++] = {a, b};
        }
    return pairs;
}

// Largest-remainder shares of `total` in proportion to `weights`, so that the
// parts add up exactly and the result does not depend on floating point.
std::vector<int64_t> share_out(int64_t total, const std::vector<int64_t>& weights) {
    int64_t sum = 0;
    for (int64_t w : weights) sum += w;
    std::vector<int64_t> parts(weights.size(), 0);
    if (sum == 0) return parts;
    std::vector<std::pair<int64_t, size_t>> remainders;
    int64_t given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        // Totals stay below 10^9 and weights below 10^6, so this fits in 64 bits.
        const int64_t product = total * weights[i];
        parts[i] = static_cast<int64_t>(product / sum);
        remainders.push_back({static_cast<int64_t>(product % sum), i});
        given += parts[i];
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t k = 0; given < total; ++k, ++given) ++parts[remainders[k % remainders.size()].second];
    return parts;
}

}  // namespace

std::string_view brp_name(BrpStatus status) {
    switch (status) {
        case BrpStatus::Ingeschreven: return "ingeschreven";
        case BrpStatus::Rni: return "rni";
        case BrpStatus::NietIngeschreven: return "niet_ingeschreven";
        case BrpStatus::Onbekend: return "onbekend";
    }
    return "onbekend";
}

void write_addresses(const CityLayout& layout, int64_t count, uint64_t seed, Population& population, NdjsonSink& sink) {
    std::vector<int64_t> weights;
    for (const Buurt& b : layout.buurten) weights.push_back(b.inhabitants * (b.priority ? 3 : 1));
    const std::vector<int64_t> per_buurt = share_out(count, weights);

    static const auto pairs = letter_pairs();
    static constexpr std::array<std::string_view, 7> kSuffixes = {"A", "B", "C", "1", "2", "3", "bis"};
    Random rng = make_random(seed, Stream::Addresses);
    auto out = sink.inserter();
    population.addresses = count;
    population.address_begin.assign(layout.buurten.size() + 1, 0);
    int64_t index = 0;
    int pc4 = kFirstPc4;
    for (size_t b = 0; b < layout.buurten.size(); ++b) {
        population.address_begin[b] = index;
        // Every address in the city gets its own postcode and house number:
        // the buurt's four-digit areas are its own, and within one the local
        // index fixes the letter pair and the number.
        for (int64_t local = 0; local < per_buurt[b]; ++local, ++index) {
            const int code = pc4 + static_cast<int>(local / kAddressesPerPc4);
            const int64_t in_pc4 = local % kAddressesPerPc4;
            const int64_t pair = (in_pc4 / kNumbersPerPair) * 37 % kLetterPairs;
            const int64_t number = 1 + (pair * 7) % 60 + 2 * (in_pc4 % kNumbersPerPair);
            const auto& letters = pairs[static_cast<size_t>(pair)];
            sink.put(R"({"kind":"address","id":")");
            put_address_id(sink.buffer(), index);
            // Partners write postcodes both ways; Grip normalises them.
            fmt::format_to(out, R"(","postcode":"{}{}{}{}","house_number":{})", code, rng.chance(750) ? " " : "",
                           letters[0], letters[1], number);
            if (rng.chance(100)) fmt::format_to(out, R"(,"suffix":"{}")", kSuffixes[rng.below(kSuffixes.size())]);
            fmt::format_to(out, R"(,"city":"Rotterdam","area":"{}"}})", layout.buurten[b].code);
            sink.end_record();
        }
        pc4 += static_cast<int>((per_buurt[b] + kAddressesPerPc4 - 1) / kAddressesPerPc4);
    }
    population.address_begin[layout.buurten.size()] = index;
}

void write_persons(int64_t count, int first_year, uint64_t seed, Population& population, NdjsonSink& sink) {
    Random rng = make_random(seed, Stream::Persons);
    BsnSequence bsns(make_random(seed, Stream::Bsn).next());
    const auto country_weights = population_country_weights();
    const auto countries = population_countries();
    static constexpr std::array<uint32_t, 4> kBrpWeights = {500, 300, 120, 80};

    population.persons = count;
    population.identity.resize(static_cast<size_t>(count));
    population.nationality.resize(static_cast<size_t>(count));
    population.brp.resize(static_cast<size_t>(count));
    std::vector<uint32_t> bsn(static_cast<size_t>(count), 0);  // 0: no BSN
    std::vector<uint16_t> birth_year(static_cast<size_t>(count), 0);

    auto out = sink.inserter();
    for (int64_t i = 0; i < count; ++i) {
        const size_t p = static_cast<size_t>(i);
        // About one record in a hundred is a person already delivered, with
        // the same BSN but another id: a second partner registered them too.
        const size_t earlier = i > 0 ? static_cast<size_t>(rng.below(static_cast<uint64_t>(i))) : 0;
        if (i > 0 && bsn[earlier] != 0 && rng.chance(10)) {
            population.identity[p] = population.identity[earlier];
            population.nationality[p] = population.nationality[earlier];
            population.brp[p] = population.brp[earlier];
            bsn[p] = bsn[earlier];
            birth_year[p] = birth_year[earlier];
            ++population.records_sharing_bsn;
        } else {
            population.identity[p] = static_cast<uint32_t>(i);
            const size_t nat = rng.weighted(country_weights);
            population.nationality[p] = nat < countries.size() ? static_cast<uint8_t>(nat) : kNoNationality;
            population.brp[p] = static_cast<BrpStatus>(rng.weighted(kBrpWeights));
            birth_year[p] = static_cast<uint16_t>(first_year - 18 - static_cast<int>(rng.below(45)));
            // Persons not (yet) in the BRP often come without a BSN.
            const BrpStatus brp = population.brp[p];
            const bool without = (brp == BrpStatus::NietIngeschreven && rng.chance(600)) ||
                                 (brp == BrpStatus::Onbekend && rng.chance(300));
            if (without) {
                ++population.records_without_bsn;
            } else {
                bsn[p] = bsns.next();
            }
        }

        population.by_group[static_cast<size_t>(group_of(population.nationality[p]))].push_back(
            static_cast<uint32_t>(i));

        sink.put(R"({"kind":"person","id":")");
        put_person_id(sink.buffer(), i);
        sink.put("\"");
        if (bsn[p] != 0) fmt::format_to(out, R"(,"bsn":"{:09}")", bsn[p]);
        if (population.nationality[p] != kNoNationality)
            fmt::format_to(out, R"(,"nationality":"{}")", code_of(population.nationality[p]));
        fmt::format_to(out, R"(,"birth_year":{},"brp":"{}"}})", birth_year[p], brp_name(population.brp[p]));
        sink.end_record();
    }
}

}  // namespace grip::generator
