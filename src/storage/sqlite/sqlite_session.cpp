#include "storage/sqlite/sqlite_session.h"

namespace grip::storage::sqlite {

Status SqliteSession::query(std::string_view sql, const Bind& bind, const EachRow& each) {
    auto* st = TRY(db_.prepare(std::string(sql)));
    Binder binder(*st);
    bind(binder);
    // The statement is reset whatever the outcome, so that it holds no read
    // transaction open in the cache.
    for (;;) {
        auto more = st->step();
        if (!more) {
            st->reset();
            return more.take_error();
        }
        if (!*more) break;
        auto read = each(*st);
        if (!read) {
            st->reset();
            return read;
        }
    }
    st->reset();
    return ok_status();
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
