#include "cli/sealed_values.h"

#include <algorithm>

namespace grip::cli {

int64_t SealedCounts::unknown() const {
    int64_t n = 0;
    for (const auto& [id, count] : unknown_by_key) n += count;
    return n;
}

int64_t SealedCounts::not_current(uint32_t current) const {
    int64_t n = 0;
    for (const auto& [id, count] : by_key)
        if (id != current) n += count;
    return n;
}

namespace {

constexpr int kPage = 1000;

// Calls `each` with every page of one sealed column's values.
Status for_each_page(storage::Store& store, const storage::SealedColumn& column, int page,
                     const std::function<Result<bool>(const std::vector<storage::SealedValue>&)>& each) {
    storage::Row after;
    for (;;) {
        const auto values = TRY(store.sealed_values(column, after, page));
        if (values.empty()) return ok_status();
        if (!TRY(each(values))) return ok_status();
        after = values.back().key;
    }
}

}  // namespace

Result<SealedCounts> count_sealed(storage::Store& store, const privacy::Keyring& keys) {
    SealedCounts counts;
    for (const auto& column : storage::sealed_columns()) {
        TRY(for_each_page(store, column, kPage, [&](const std::vector<storage::SealedValue>& values) -> Result<bool> {
            for (const auto& value : values) {
                const auto by = keys.sealed_by(value.sealed);
                ++counts.total;
                if (by.known) {
                    ++counts.by_key[by.id];
                } else {
                    ++counts.unknown_by_key[by.id];
                    ++counts.unknown_by_table[column.table];
                }
            }
            return true;
        }));
    }
    return counts;
}

Result<ResealResult> reseal(storage::Store& store, const privacy::Keyring& keys, const ResealOptions& options) {
    ResealResult result;
    const uint32_t current = keys.current_seal_key();
    for (const auto& column : storage::sealed_columns()) {
        TRY(for_each_page(store, column, std::max(1, options.batch_size),
                          [&](const std::vector<storage::SealedValue>& values) -> Result<bool> {
                              // Sealed again before the transaction starts, so that it holds
                              // the writers' lock for the writes only.
                              std::vector<std::pair<const storage::SealedValue*, std::string>> changes;
                              for (const auto& value : values) {
                                  privacy::SealedBy by;
                                  auto plain = keys.unseal(value.sealed, by);
                                  if (!plain || by.id == current)
                                      continue;  // under an unknown key (grip check), or done
                                  changes.emplace_back(&value, keys.seal(*plain));
                              }
                              if (changes.empty()) return true;
                              TRY(store.begin());
                              int64_t replaced = 0;
                              for (const auto& [value, sealed] : changes) {
                                  auto done = store.replace_sealed(column, *value, sealed);
                                  if (!done) {
                                      store.rollback();
                                      return done.take_error();
                                  }
                                  replaced += *done ? 1 : 0;
                              }
                              if (auto committed = store.commit(); !committed) {
                                  store.rollback();
                                  return committed.take_error();
                              }
                              result.resealed += replaced;
                              ++result.batches;
                              if (options.progress) options.progress(column.table, replaced);
                              if (options.max_batches > 0 && result.batches >= options.max_batches) {
                                  result.stopped = true;
                                  return false;
                              }
                              return true;
                          }));
        if (result.stopped) break;
    }
    return result;
}

}  // namespace grip::cli
