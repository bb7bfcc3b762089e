#pragma once
// Moving and rekeying a whole store (a role of Store, storage/store.h): the
// logical tables as neutral rows (`grip migrate`) and the sealed values
// (`grip key rotate`, `grip check`).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace grip::storage {

// Moving a whole store to another backend (`grip migrate`). Every backend
// has the same logical tables with the same column names; a row travels as
// neutral cells. Booleans are integers 0/1, times and dates text, digests
// and sealed data bytes.
struct Cell {
    enum class Type { Null, Int, Real, Text, Bytes };
    Type type = Type::Null;
    int64_t i = 0;
    double r = 0;
    std::string s;  // text or bytes
};
using Row = std::vector<Cell>;

// The logical tables in an order in which they can be filled one after the
// other: deliveries, subjects, the current records of every kind, history,
// figures, report texts, accounts, cases and their events. The key-value
// table `meta` is not among them (its schema version belongs to each store).
std::vector<std::string> logical_tables();

// Sealed data (`grip key rotate`, `grip check`): a column that holds sealed
// values, and the columns that name a row of its table (its key, in order).
// Every sealed column of the store is in sealed_columns(): a new one is one
// line there.
struct SealedColumn {
    std::string table;
    std::string column;
    std::vector<std::string> key;
    // Stored as base64 text ('' when the row has none) rather than bytes.
    bool base64 = false;
};
const std::vector<SealedColumn>& sealed_columns();

// One sealed value where it is stored: its row's key cells (in the order of
// SealedColumn::key) and the sealed bytes.
struct SealedValue {
    Row key;
    std::string sealed;
};

// Rows of whole tables and sealed values.
class TransferStore {
public:
    virtual ~TransferStore() = default;

    // Moving a store (see Cell), with the scope kEveryMunicipality (a row
    // carries its municipality; under one municipality PostgreSQL's policies
    // would limit these to its rows, SQLite's would not: use them for whole
    // stores only). `table` is one of logical_tables() or
    // "meta". read_rows gives every row; append_rows adds
    // rows with the given columns (the target's tables start empty);
    // finish_append moves the target's id counters past the highest ids
    // appended. Both inside a transaction of the caller's.
    virtual Result<std::vector<std::string>> columns(std::string_view table) = 0;
    virtual Status read_rows(std::string_view table, const std::vector<std::string>& columns,
                             const std::function<Status(const Row&)>& each) = 0;
    virtual Status append_rows(std::string_view table, const std::vector<std::string>& columns,
                               const std::vector<Row>& rows) = 0;
    virtual Status finish_append() = 0;

    // Sealed values, for moving them to another key (`grip key rotate`) and
    // checking them, on the whole store: with the scope kEveryMunicipality
    // (Invalid under one municipality). sealed_values gives the non-null
    // values of `column` in the order of its key, after the key `after`
    // (empty: from the start), at most `limit`. replace_sealed writes
    // `sealed` in place of the value if it is still `value.sealed` and
    // returns whether it did: no new version, no other column, no figure
    // changes (a record written anew meanwhile keeps its new value).
    virtual Result<std::vector<SealedValue>> sealed_values(const SealedColumn& column, const Row& after, int limit) = 0;
    virtual Result<bool> replace_sealed(const SealedColumn& column, const SealedValue& value,
                                        std::string_view sealed) = 0;
};

}  // namespace grip::storage
