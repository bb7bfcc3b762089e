// Moving a store between backends: the PostgreSQL side of Store::columns,
// read_rows and append_rows (see `grip migrate`). Rows come out through a
// cursor, page by page, and go in with COPY in its text format. They see and
// write what the connection's scope allows: under kEveryMunicipality every
// row; under one municipality row-level security keeps them to its rows of
// the municipal tables.

#include <algorithm>

#include <fmt/format.h>

#include "storage/postgres/postgres_schema.h"
#include "storage/postgres/postgres_store.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {

namespace {

// One value in COPY's text format: \N for null, and numbers as text.
void append_copy_value(std::string& out, const Cell& cell) {
    switch (cell.type) {
        case Cell::Type::Null: out += "\\N"; return;
        case Cell::Type::Int: out += fmt::format("{}", cell.i); return;
        case Cell::Type::Real: out += fmt::format("{}", cell.r); return;
        case Cell::Type::Bytes: append_copy_bytes(out, cell.s); return;
        case Cell::Type::Text: append_copy_text(out, cell.s); return;
    }
}

}  // namespace

Result<std::vector<std::string>> PostgresStore::columns(std::string_view table) {
    TRY(check_table(table));
    auto rows = TRY(conn_->query(
        "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum",
        Params().add(std::string_view(fmt::format("\"{}\"", table)))));
    std::vector<std::string> out;
    for (int r = 0; r < rows.size(); ++r) out.emplace_back(rows.text(r, 0));
    return out;
}

Status PostgresStore::read_rows(std::string_view table, const std::vector<std::string>& columns,
                                const std::function<Status(const Row&)>& each) {
    TRY(check_table(table));
    TRY(check_columns(table, TRY(this->columns(table)), columns));
    // A cursor needs a transaction: the caller's, else one of its own that
    // sees one snapshot of the table.
    const bool own = !in_transaction();
    if (own) TRY(conn_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto status = [&]() -> Status {
        TRY(conn_->exec(
            fmt::format("DECLARE grip_rows NO SCROLL CURSOR FOR SELECT {} FROM \"{}\"", quoted_list(columns), table)));
        constexpr int kPage = 10000;
        Row row(columns.size());
        for (;;) {
            auto rows = TRY(conn_->run(fmt::format("FETCH {} FROM grip_rows", kPage)));
            for (int r = 0; r < rows.size(); ++r) {
                for (size_t i = 0; i < columns.size(); ++i) row[i] = cell_of(rows, r, static_cast<int>(i));
                TRY(each(row));
            }
            if (rows.size() < kPage) break;
        }
        return conn_->exec("CLOSE grip_rows");
    }();
    if (own) {
        if (status) return conn_->commit();
        conn_->rollback();
    } else if (!status) {
        (void)conn_->exec("CLOSE grip_rows");  // the caller's transaction goes on, or is rolled back
    }
    return status;
}

Status PostgresStore::append_rows(std::string_view table, const std::vector<std::string>& columns,
                                  const std::vector<Row>& rows) {
    TRY(check_table(table));
    if (rows.empty()) return ok_status();
    // Tables filled here are no longer known to be empty.
    TRY(end_fresh_subjects());
    for (Fresh& f : fresh_) f = Fresh{Fresh::State::Used, {}};
    fresh_ids_ = 0;
    std::string data;
    for (const Row& row : rows) {
        if (row.size() != columns.size())
            return Error::invalid(
                fmt::format("a row of {} has {} cells for {} columns", table, row.size(), columns.size()));
        for (size_t i = 0; i < row.size(); ++i) {
            if (i) data += '\t';
            append_copy_value(data, row[i]);
        }
        data += '\n';
    }
    const std::string names = quoted_list(columns);
    const auto municipal = municipal_tables();
    if (std::find(municipal.begin(), municipal.end(), table) == municipal.end())
        return conn_->copy_in(fmt::format("COPY \"{}\"({}) FROM STDIN", table, names), data);
    // COPY cannot fill a table under row-level security: the rows go into a
    // temporary table of the same columns (no policy, no constraints) and on
    // from there with an INSERT, whose rows the policy checks.
    TRY(
        conn_->exec(fmt::format("DROP TABLE IF EXISTS pg_temp.grip_append; "
                                "CREATE TEMP TABLE grip_append AS SELECT {} FROM \"{}\" WITH NO DATA",
                                names, table)));
    TRY(conn_->copy_in("COPY grip_append FROM STDIN", data));
    return conn_->exec(
        fmt::format("INSERT INTO \"{0}\"({1}) SELECT {1} FROM grip_append; DROP TABLE grip_append", table, names));
}

Status PostgresStore::finish_append() {
    // Rows came with their ids: each identity goes on after the highest one,
    // the highest of every municipality, since the identities are shared.
    return across_municipalities([&] { return move_identities(); });
}

Status PostgresStore::move_identities() {
    auto identities = TRY(
        conn_->query("SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                     "WHERE c.relnamespace = current_schema()::regnamespace AND a.attidentity <> '' AND a.attnum > 0 "
                     "ORDER BY c.relname"));
    for (int r = 0; r < identities.size(); ++r) {
        const std::string table(identities.text(r, 0)), column(identities.text(r, 1));
        TRY(
            conn_->run(fmt::format("SELECT setval(pg_get_serial_sequence('\"{0}\"', '{1}'), coalesce(max(\"{1}\"), 0) "
                                   "+ 1, false) FROM \"{0}\"",
                                   table, column)));
    }
    return ok_status();
}

}  // namespace grip::storage::postgres
