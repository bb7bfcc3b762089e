#pragma once
// The generator's random numbers. The city must be byte-identical for a seed
// on every platform and standard library, so this is a fixed algorithm
// (xoshiro256**, seeded through splitmix64) with simple integer mappings,
// never the implementation-defined std:: distributions.

#include <cstdint>
#include <span>

namespace grip::generator {

// NOLINTNEXTLINE(modernize-use-using): __extension__ (no -Wpedantic warning) needs the typedef form.
__extension__ typedef unsigned __int128 Uint128;

class Random {
public:
    // Each part of the city draws from its own stream, so that changing the
    // size of one part (say, more persons) leaves the others as they were.
    Random(uint64_t seed, uint64_t stream) {
        uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ULL) ^ 0xD1B54A32D192ED03ULL;
        for (uint64_t& word : state_) word = splitmix64(x);
    }

    uint64_t next() {
        const uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // A number in [0, n) by multiply-shift; n must be positive. The bias is
    // below 2^-40 for the sizes used here, which does not matter for a city.
    uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<Uint128>(next()) * n) >> 64); }

    // A number in [lo, hi], both inclusive.
    int64_t between(int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
    }

    // True with a probability of per_mille / 1000.
    bool chance(uint32_t per_mille) { return below(1000) < per_mille; }

    // An index into `weights`, each chosen in proportion to its weight.
    size_t weighted(std::span<const uint32_t> weights) {
        uint64_t total = 0;
        for (uint32_t w : weights) total += w;
        uint64_t r = below(total);
        for (size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix64(uint64_t& x) {
        uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    uint64_t state_[4] = {};
};

// The streams of the generator, one per part of the city.
enum class Stream : uint64_t { Layout = 1, Addresses, Persons, Bsn, Activities, Council, Context, Growth };

inline Random make_random(uint64_t seed, Stream stream) { return Random(seed, static_cast<uint64_t>(stream)); }

}  // namespace grip::generator
