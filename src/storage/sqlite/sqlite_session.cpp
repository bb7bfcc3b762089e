#include "storage/sqlite/sqlite_session.h"

namespace grip::storage::sqlite {

Status SqliteSession::query(std::string_view sql, const Bind& bind, const EachRow& each) {
    auto* st = TRY(db_.prepare(std::string(sql)));
    Binder binder(*st);
    bind(binder);
    return st->each_row([&](const Statement& row) { return each(row); });
}

Status SqliteSession::run(std::string_view sql, const Bind& bind) {
    auto* st = TRY(db_.prepare(std::string(sql)));
    Binder binder(*st);
    bind(binder);
    return st->run();
}

Result<int64_t> SqliteSession::change(std::string_view sql, const Bind& bind) {
    TRY(run(sql, bind));
    return db_.changes();
}

Result<int64_t> SqliteSession::insert(std::string_view sql, const Bind& bind) {
    TRY(run(sql, bind));
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

}  // namespace grip::storage::sqlite
