// Moving a store between backends: the SQLite side of Store::columns,
// read_rows and append_rows (see `grip migrate`).
#include <fmt/format.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/table_layout.h"

namespace grip::storage::sqlite {

Result<std::vector<std::string>> SqliteStore::columns(std::string_view table) {
    TRY(check_table(table));
    auto* st = TRY(db_->prepare(fmt::format("SELECT name FROM pragma_table_info('{}') ORDER BY cid", table)));
    std::vector<std::string> out;
    while (TRY(st->step())) out.emplace_back(st->text(0));
    st->reset();
    return out;
}

Status SqliteStore::read_rows(std::string_view table, const std::vector<std::string>& columns,
                              const std::function<Status(const Row&)>& each) {
    TRY(check_table(table));
    TRY(check_columns(table, TRY(this->columns(table)), columns));
    auto* st = TRY(db_->prepare(fmt::format("SELECT {} FROM \"{}\"", quoted_list(columns), table)));
    Row row(columns.size());
    for (;;) {
        auto more = st->step();
        if (!more || !*more) {
            st->reset();
            if (!more) return more.take_error();
            return ok_status();
        }
        for (size_t i = 0; i < columns.size(); ++i) row[i] = st->cell(static_cast<int>(i));
        if (auto status = each(row); !status) {
            st->reset();
            return status;
        }
    }
}

Status SqliteStore::append_rows(std::string_view table, const std::vector<std::string>& columns,
                                const std::vector<Row>& rows) {
    TRY(check_table(table));
    std::string params;
    for (size_t i = 0; i < columns.size(); ++i) params += i ? ", ?" : "?";
    auto* st = TRY(db_->prepare(fmt::format("INSERT INTO \"{}\"({}) VALUES({})", table, quoted_list(columns), params)));
    for (const Row& row : rows) {
        if (row.size() != columns.size())
            return Error::invalid(
                fmt::format("a row of {} has {} cells for {} columns", table, row.size(), columns.size()));
        for (size_t i = 0; i < row.size(); ++i) st->bind(static_cast<int>(i) + 1, row[i]);
        TRY(st->run());
    }
    return ok_status();
}

// SQLite gives an INTEGER PRIMARY KEY the next id after the highest there is.
Status SqliteStore::finish_append() { return ok_status(); }

}  // namespace grip::storage::sqlite
