#include "storage/sqlite/sqlite_db.h"

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

namespace grip::storage::sqlite {

namespace {

// What to do when the disk is full, for every message that says so.
constexpr std::string_view kDiskFull =
    "the disk that holds the store is full: free space on it (or move the store to a larger disk) and try again";

}  // namespace

Error sqlite_error(sqlite3* db, int code, std::string_view doing) {
    const int primary = code & 0xff;
    const std::string what = fmt::format("{}: {}", doing, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    // SQLite says SQLITE_FULL when a write finds no room, but "disk I/O
    // error" when the shared-memory file (-shm) or the write-ahead log cannot
    // grow for want of space: the system's error number tells.
    const int system_error = db ? sqlite3_system_errno(db) : 0;
    if (primary == SQLITE_FULL ||
        ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && (system_error == ENOSPC || system_error == EDQUOT)))
        return Error::io(fmt::format("{} ({})", what, kDiskFull));
    switch (primary) {
        case SQLITE_CONSTRAINT: return Error::conflict(what);
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY: return Error::io(what);
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Error::busy(fmt::format("{} (another process holds the store)", what));
        default: return Error::storage(what);
    }
}

namespace {

int busy_timeout_ms() {
    // GRIP_BUSY_TIMEOUT_MS: how long a statement waits for a lock another
    // process holds before it fails as busy (docs/operations.md).
    constexpr int kDefault = 10'000;
    const char* text = std::getenv("GRIP_BUSY_TIMEOUT_MS");
    if (!text) return kDefault;
    char* end = nullptr;
    const long ms = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || ms < 0 || ms > 3'600'000) return kDefault;
    return static_cast<int>(ms);
}

}  // namespace

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, size_t size) {
    sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Cell Statement::cell(int col) const {
    switch (column_type(col)) {
        case SQLITE_NULL: return Cell{};
        case SQLITE_INTEGER: return Cell{Cell::Type::Int, int64(col), 0, {}};
        case SQLITE_FLOAT: return Cell{Cell::Type::Real, 0, real(col), {}};
        case SQLITE_BLOB: return Cell{Cell::Type::Bytes, 0, 0, std::string(blob(col))};
        default: return Cell{Cell::Type::Text, 0, 0, std::string(text(col))};
    }
}

Statement& Statement::bind(int index, const Cell& cell) {
    switch (cell.type) {
        case Cell::Type::Null: return bind_null(index);
        case Cell::Type::Int: return bind(index, cell.i);
        case Cell::Type::Real: return bind(index, cell.r);
        case Cell::Type::Text: return bind(index, std::string_view(cell.s));
        case Cell::Type::Bytes: return bind_blob(index, cell.s.data(), cell.s.size());
    }
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "store");
}

Status Statement::run() {
    for (;;) {
        auto more = step();
        if (!more) return more.take_error();
        if (!*more) break;
    }
    sqlite3_reset(stmt_);
    return ok_status();
}

Status Statement::each_row(const std::function<Status(const Statement&)>& each) {
    Status outcome = ok_status();
    for (;;) {
        auto more = step();
        if (!more) {
            outcome = more.take_error();
            break;
        }
        if (!*more) break;
        outcome = each(*this);
        if (!outcome) break;
    }
    reset();
    return outcome;
}

std::string_view Statement::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::string_view Statement::blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(db, rc, fmt::format("cannot open store {}", path));
        sqlite3_close(db);
        return e;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms());
    return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
    cache_.clear();
    sqlite3_close(db_);
}

Status Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(err);
        return sqlite_error(db_, rc, "store");
    }
    return ok_status();
}

Result<Statement*> Database::prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return &it->second->reset();
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "preparing a query");
    auto [pos, _] = cache_.emplace(sql, std::make_unique<Statement>(db_, stmt));
    return pos->second.get();
}

}  // namespace grip::storage::sqlite
