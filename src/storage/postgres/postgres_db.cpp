#include "storage/postgres/postgres_db.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>

#include <fmt/format.h>

namespace grip::storage::postgres {

namespace {

// Statements queued before the pipeline is synced: results (a few dozen
// bytes each) must fit the socket buffers while libpq still writes, since a
// blocking connection cannot read and write at once.
constexpr size_t kMaxQueued = 1000;

std::string one_line(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
}

// Whether a statement names a table: the name as a whole word of its text.
// Grip's statements name every table they read or change (no views, and
// no triggers, policies or cascades that reach a staged table), so a
// statement that does not name a table cannot see its staged rows. A
// column of the same name (subject) only makes the answer yes more often.
bool names_table(std::string_view sql, std::string_view table) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (size_t at = sql.find(table); at != std::string_view::npos; at = sql.find(table, at + 1)) {
        const size_t end = at + table.size();
        if ((at == 0 || !word(sql[at - 1])) && (end == sql.size() || !word(sql[end]))) return true;
    }
    return false;
}

bool succeeded(const PGresult* r) {
    const auto s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

}  // namespace

Error pg_error(PGconn* conn, const PGresult* result, std::string_view doing) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    // The primary message only: the detail can quote the values of a row.
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = one_line(primary                                   ? primary
                                   : result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result)
                                   : conn                                    ? PQerrorMessage(conn)
                                                                             : "unknown error");
    const std::string what = fmt::format("{}: {}", doing, message);
    const std::string_view code = state ? state : "";
    // Integrity violations, and a database made by someone else just now.
    if (code.starts_with("23") || code == "42P04") return Error::conflict(what);
    if (code == "53100") return Error::io(fmt::format("{} (the disk is full)", what));
    if (code.starts_with("58")) return Error::io(what);
    if (code.starts_with("40") || code == "55P03")
        return Error::busy(fmt::format("{} (another process holds the store)", what));
    if (code.starts_with("08") || (conn && PQstatus(conn) == CONNECTION_BAD))
        return Error::storage(fmt::format("{} (the connection to the database server was lost)", what));
    return Error::storage(what);
}

Params& Params::add(int64_t value) { return add(std::string_view(fmt::format("{}", value))); }

Params& Params::add(double value) { return add(std::string_view(fmt::format("{}", value))); }

Params& Params::add(std::string_view text) {
    values_.emplace_back(text);
    null_.push_back(false);
    lengths_.push_back(static_cast<int>(text.size()));
    formats_.push_back(0);
    return *this;
}

Params& Params::add_bytes(std::string_view bytes) {
    add(bytes);
    formats_.back() = 1;
    return *this;
}

Params& Params::add_bytes(const unsigned char* data, size_t size) {
    return add_bytes(std::string_view(reinterpret_cast<const char*>(data), size));
}

Params& Params::add_null() {
    values_.emplace_back();
    null_.push_back(true);
    lengths_.push_back(0);
    formats_.push_back(0);
    return *this;
}

Params& Params::add(const Cell& cell) {
    switch (cell.type) {
        case Cell::Type::Null: return add_null();
        case Cell::Type::Int: return add(cell.i);
        case Cell::Type::Real: return add(cell.r);
        case Cell::Type::Text: return add(std::string_view(cell.s));
        case Cell::Type::Bytes: return add_bytes(cell.s);
    }
    return *this;
}

void append_copy_text(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += c;
        }
    }
}

void append_copy_bytes(std::string& out, std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\\\x";
    for (unsigned char c : bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
}

void Params::append_copy_row(std::string& out) const {
    for (size_t i = 0; i < values_.size(); ++i) {
        if (i) out += '\t';
        if (null_[i]) out += "\\N";
        else if (formats_[i] == 1) append_copy_bytes(out, values_[i]);
        else append_copy_text(out, values_[i]);
    }
    out += '\n';
}

const char* const* Params::values() const {
    pointers_.resize(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) pointers_[i] = null_[i] ? nullptr : values_[i].data();
    return pointers_.data();
}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

int64_t Rows::affected() const {
    const char* n = PQcmdTuples(result_);
    int64_t out = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), out);
    return out;
}

std::string_view Rows::text(int row, int col) const {
    return {PQgetvalue(result_, row, col), static_cast<size_t>(PQgetlength(result_, row, col))};
}

int64_t Rows::int64(int row, int col) const {
    const auto t = text(row, col);
    int64_t out = 0;
    std::from_chars(t.data(), t.data() + t.size(), out);  // a numeric's fraction, if any, is not read
    return out;
}

double Rows::real(int row, int col) const {
    const auto t = text(row, col);
    double out = 0;
    std::from_chars(t.data(), t.data() + t.size(), out);
    return out;
}

std::string Rows::bytes(int row, int col) const {
    // bytea's text form is "\x" followed by two hex digits a byte.
    const auto t = text(row, col);
    std::string out;
    if (t.size() < 2 || t[0] != '\\' || t[1] != 'x') return out;
    out.reserve((t.size() - 2) / 2);
    for (size_t i = 2; i + 1 < t.size(); i += 2) out += static_cast<char>(hex_value(t[i]) * 16 + hex_value(t[i + 1]));
    return out;
}

bool Rows::is_whole(int row, int col) const {
    const auto t = text(row, col);
    const char* end = t.data() + t.size();
    int64_t whole = 0;
    auto [rest, ec] = std::from_chars(t.data(), end, whole);
    if (ec != std::errc()) return false;  // not a number, or beyond a 64-bit integer
    if (rest == end) return true;
    if (*rest != '.') return false;  // an exponent: NaN or Infinity
    return std::all_of(rest + 1, end, [](char c) { return c == '0'; });
}

Connection::~Connection() { PQfinish(conn_); }

Status Connection::exec(std::string_view sql) {
    TRY(run(sql));
    return ok_status();
}

Result<Rows> Connection::run(std::string_view sql) {
    TRY(flush_staged());
    return run_now(sql);
}

Result<Rows> Connection::run_now(std::string_view sql) {
    TRY(sync());
    const std::string text(sql);
    PGresult* r = PQexec(conn_, text.c_str());
    if (!succeeded(r)) {
        Error e = pg_error(conn_, r, "store");
        PQclear(r);
        return e;
    }
    return Rows(r);
}

Result<std::string> Connection::prepared(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    std::string name = fmt::format("grip_{}", next_name_++);
    PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (!succeeded(r)) {
        Error e = pg_error(conn_, r, "preparing a query");
        PQclear(r);
        return e;
    }
    PQclear(r);
    cache_.emplace(sql, name);
    return name;
}

Result<Rows> Connection::query(const std::string& sql, const Params& params) {
    TRY(flush_staged(sql));
    TRY(sync());
    const std::string name = TRY(prepared(sql));
    PGresult* r =
        PQexecPrepared(conn_, name.c_str(), params.size(), params.values(), params.lengths(), params.formats(), 0);
    if (!succeeded(r)) {
        Error e = pg_error(conn_, r, "store");
        PQclear(r);
        return e;
    }
    return Rows(r);
}

Status Connection::queue(const std::string& sql, const Params& params) {
    TRY(flush_staged(sql));
    if (!pipelining_) {
        TRY(query(sql, params));
        return ok_status();
    }
    if (!in_pipeline_) {
        if (PQenterPipelineMode(conn_) != 1) return pg_error(conn_, nullptr, "store");
        in_pipeline_ = true;
    }
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        // Prepared in the pipeline too; forgotten again if that fails.
        std::string name = fmt::format("grip_{}", next_name_++);
        if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) != 1) return pg_error(conn_, nullptr, "store");
        pending_.push_back({true, sql});
        it = cache_.emplace(sql, std::move(name)).first;
    }
    if (PQsendQueryPrepared(conn_, it->second.c_str(), params.size(), params.values(), params.lengths(),
                            params.formats(), 0) != 1)
        return pg_error(conn_, nullptr, "store");
    pending_.push_back({false, {}});
    if (pending_.size() >= kMaxQueued) return sync();
    return ok_status();
}

Status Connection::sync() {
    if (!in_pipeline_) return ok_status();
    std::optional<Error> first;
    if (PQpipelineSync(conn_) != 1) first = pg_error(conn_, nullptr, "store");
    for (const Pending& p : pending_) {
        if (first && PQstatus(conn_) == CONNECTION_BAD) break;
        bool failed = false;
        while (PGresult* r = PQgetResult(conn_)) {
            const auto s = PQresultStatus(r);
            if (s == PGRES_FATAL_ERROR || s == PGRES_NONFATAL_ERROR) {
                if (!first) first = pg_error(conn_, r, "store");
                failed = true;
            } else if (s == PGRES_PIPELINE_ABORTED) {
                failed = true;
            }
            PQclear(r);
        }
        if (failed && p.prepare) cache_.erase(p.sql);
    }
    pending_.clear();
    // The sync point's own result ends the pipeline's results.
    if (PQstatus(conn_) != CONNECTION_BAD) {
        while (PGresult* r = PQgetResult(conn_)) {
            const bool done = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
            PQclear(r);
            if (done) break;
        }
    }
    if (PQexitPipelineMode(conn_) != 1 && !first) first = pg_error(conn_, nullptr, "store");
    in_pipeline_ = PQpipelineStatus(conn_) != PQ_PIPELINE_OFF;
    if (first) return std::move(*first);
    return ok_status();
}

Status Connection::copy_in(const std::string& sql, std::string_view data) {
    TRY(flush_staged());
    return copy_now(sql, data);
}

Status Connection::copy_now(const std::string& sql, std::string_view data) {
    TRY(sync());
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        Error e = pg_error(conn_, r, "store");
        PQclear(r);
        return e;
    }
    PQclear(r);
    constexpr size_t kChunk = 1 << 20;
    bool sent = true;
    for (size_t at = 0; at < data.size() && sent; at += kChunk) {
        const size_t n = std::min(kChunk, data.size() - at);
        sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
    }
    std::optional<Error> first;
    if (!sent) first = pg_error(conn_, nullptr, "store");
    if (PQputCopyEnd(conn_, sent ? nullptr : "sending the rows failed") != 1 && !first)
        first = pg_error(conn_, nullptr, "store");
    while (PGresult* res = PQgetResult(conn_)) {
        if (!succeeded(res) && !first) first = pg_error(conn_, res, "store");
        PQclear(res);
    }
    if (first) return std::move(*first);
    return ok_status();
}

Status Connection::stage(const std::string& table, const std::string& columns, const Params& row) {
    // Past this size the rows go to the server, which keeps the memory of a
    // large delivery bounded.
    constexpr size_t kMaxStagedBytes = 8u << 20;
    auto it = std::find_if(staged_.begin(), staged_.end(), [&](const Staged& s) { return s.table == table; });
    if (it == staged_.end()) {
        staged_.push_back({table, columns, {}, false});
        it = std::prev(staged_.end());
    } else if (it->columns != columns) {
        return Error::invalid(fmt::format("store: rows for {} staged with different columns", table));
    }
    const size_t before = it->rows.size();
    row.append_copy_row(it->rows);
    staged_bytes_ += it->rows.size() - before;
    if (staged_bytes_ >= kMaxStagedBytes) return flush_staged();
    return ok_status();
}

Status Connection::flush_staged(std::string_view sql) {
    if (staged_bytes_ == 0) return ok_status();
    auto status = [&]() -> Status {
        for (Staged& s : staged_) {
            if (s.rows.empty() || (!sql.empty() && !names_table(sql, s.table))) continue;
            staged_bytes_ -= s.rows.size();
            const std::string stage = "grip_stage_" + s.table;
            if (!s.created) {
                // No constraints, no policy, no WAL: a temporary table of the columns alone.
                TRY(run_now(fmt::format("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA", stage,
                                        s.columns, s.table)));
                s.created = true;
            }
            TRY(copy_now(fmt::format("COPY {}({}) FROM STDIN", stage, s.columns), s.rows));
            s.rows.clear();
            // A temporary table is read in the order its rows went in.
            TRY(run_now(
                fmt::format("INSERT INTO {0}({1}) SELECT {1} FROM {2}; TRUNCATE {2}", s.table, s.columns, stage)));
        }
        return ok_status();
    }();
    if (!status) {
        for (Staged& s : staged_) s.rows.clear();  // the transaction has failed: they go with it
        staged_bytes_ = 0;
    }
    return status;
}

void Connection::drop_staged() {
    // The temporary tables end with the transaction (ON COMMIT DROP).
    staged_.clear();
    staged_bytes_ = 0;
}

Status Connection::commit() {
    TRY(flush_staged());
    drop_staged();
    TRY(sync());
    PGresult* r = PQexec(conn_, "COMMIT");
    if (!succeeded(r)) {
        Error e = pg_error(conn_, r, "committing");
        PQclear(r);
        return e;
    }
    // A transaction that failed earlier ends in ROLLBACK, which is no error to the server.
    const bool committed = std::string_view(PQcmdStatus(r)) == "COMMIT";
    PQclear(r);
    if (!committed) return Error::storage("committing: the transaction had failed and was rolled back");
    return ok_status();
}

void Connection::rollback() {
    drop_staged();
    (void)sync();  // the queued writes are undone with the rest; their errors do not matter now
    PQclear(PQexec(conn_, "ROLLBACK"));
}

namespace {
constexpr Oid kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701;
}  // namespace

Cell cell_of(const Rows& rows, int r, int col) {
    if (rows.is_null(r, col)) return Cell{};
    const Oid type = rows.type(col);
    if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || (type == kNumericOid && rows.is_whole(r, col)))
        return Cell{Cell::Type::Int, rows.int64(r, col), 0, {}};
    if (type == kNumericOid || type == kFloat4Oid || type == kFloat8Oid)
        return Cell{Cell::Type::Real, 0, rows.real(r, col), {}};
    if (type == kByteaOid) return Cell{Cell::Type::Bytes, 0, 0, rows.bytes(r, col)};
    return Cell{Cell::Type::Text, 0, 0, std::string(rows.text(r, col))};
}

}  // namespace grip::storage::postgres
