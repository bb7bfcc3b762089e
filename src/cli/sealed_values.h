#pragma once
// The store's sealed values seen through the key file: how many each seal key
// seals (`grip key status`, `grip check`), and sealing them again under the
// current key (`grip key rotate`). Both work on the whole store, every
// municipality: the key file is the installation's.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/result.h"
#include "privacy/keyring.h"
#include "storage/store.h"

namespace grip::cli {

struct SealedCounts {
    std::map<uint32_t, int64_t> by_key;               // known keys: values each seals
    std::map<uint32_t, int64_t> unknown_by_key;       // values that open with no key of the file, by the id they name
    std::map<std::string, int64_t> unknown_by_table;  // the same, by table
    int64_t total = 0;
    int64_t unknown() const;
    // Values under a known key other than the current one.
    int64_t not_current(uint32_t current) const;
};

// The store's scope must be kEveryMunicipality.
Result<SealedCounts> count_sealed(storage::Store& store, const privacy::Keyring& keys);

struct ResealOptions {
    int batch_size = 1000;
    int64_t max_batches = 0;  // 0: no limit; else stop after this many committed batches (for tests)
    // Called after each committed batch: the table and how many values it re-sealed.
    std::function<void(const std::string& table, int64_t resealed)> progress;
};

struct ResealResult {
    int64_t resealed = 0;
    int64_t batches = 0;
    bool stopped = false;  // max_batches reached before the end
};

// Seals every value under a known key other than the current one again under
// the current key, in batches of one transaction each. A value changed by a
// writer meanwhile is left as the writer wrote it.
Result<ResealResult> reseal(storage::Store& store, const privacy::Keyring& keys, const ResealOptions& options);

}  // namespace grip::cli
