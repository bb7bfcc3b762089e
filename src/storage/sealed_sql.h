#pragma once
// The statements of Store::sealed_values and replace_sealed, the same text
// on both backends but for the parameter markers (`?` or `$n`).

#include <string>

#include "common/result.h"
#include "storage/store.h"

namespace grip::storage {

// Checks that `column` is one of sealed_columns() (names in SQL come from
// that list only) and that `after` is empty or a whole key.
Status check_sealed_column(const SealedColumn& column, const Row& after);
// SELECT key..., column FROM table WHERE column IS NOT NULL [AND (key...) >
// (params)] ORDER BY key... LIMIT n. `marker(i)` is the i-th parameter (1-based).
std::string sealed_select(const SealedColumn& column, bool after, int limit, std::string (*marker)(int));
// UPDATE table SET column = p1 WHERE key1 = p2 AND ... AND column = p(last).
std::string sealed_update(const SealedColumn& column, std::string (*marker)(int));
// A stored value as the sealed bytes, and the sealed bytes as stored (base64
// text for a column that keeps it so, else as they are).
Result<std::string> sealed_from_stored(const SealedColumn& column, std::string stored);
std::string sealed_to_stored(const SealedColumn& column, std::string_view sealed);

}  // namespace grip::storage
