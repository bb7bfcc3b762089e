#include "storage/transfer.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <sodium.h>

namespace grip::storage {
namespace {

constexpr size_t kBatch = 5000;

// The columns both stores have for `table`; the source's must all be in the
// target (a store of an older Grip would lack some: migrate both first).
Result<std::vector<std::string>> shared_columns(Store& from, Store& to, const std::string& table) {
    const auto source = TRY(from.columns(table));
    const auto target = TRY(to.columns(table));
    for (const auto& c : source)
        if (std::find(target.begin(), target.end(), c) == target.end())
            return Error::invalid(fmt::format("the target store has no column {} in table {}", c, table));
    return source;
}

// Every logical table of the target is empty, in every municipality.
Status require_empty(Store& to) {
    for (const auto& table : logical_tables()) {
        const auto columns = TRY(to.columns(table));
        bool any = false;
        auto read = to.read_rows(table, {columns.front()}, [&](const Row&) -> Status {
            any = true;
            return Error::conflict("stop");  // one row tells
        });
        if (any)
            return Error::conflict(
                fmt::format("the target store already holds rows ({}): migrate into an empty one", table));
        if (!read) return read.take_error();
    }
    return ok_status();
}

Status require_same_schema(Store& from, Store& to) {
    const auto a = TRY(from.meta("schema_version"));
    const auto b = TRY(to.meta("schema_version"));
    if (a != b)
        return Error::invalid(
            fmt::format("the stores have different schema versions ({} and {}): open both with this Grip",
                        a.value_or("none"), b.value_or("none")));
    return ok_status();
}

Result<int64_t> copy_table(Store& from, Store& to, const std::string& table, const CopyProgress& progress) {
    const auto columns = TRY(shared_columns(from, to, table));
    std::vector<Row> batch;
    batch.reserve(kBatch);
    int64_t copied = 0;
    auto flush = [&]() -> Status {
        if (batch.empty()) return ok_status();
        TRY(to.append_rows(table, columns, batch));
        copied += static_cast<int64_t>(batch.size());
        batch.clear();
        if (progress) progress(table, copied);
        return ok_status();
    };
    TRY(from.read_rows(table, columns, [&](const Row& row) -> Status {
        batch.push_back(row);
        if (batch.size() >= kBatch) return flush();
        return ok_status();
    }));
    TRY(flush());
    return copied;
}

Status copy_all(Store& from, Store& to, const CopyProgress& progress, std::vector<TableCopy>& out) {
    for (const auto& table : logical_tables()) out.push_back({table, TRY(copy_table(from, to, table, progress))});
    // The settings, except the schema version: each store keeps its own.
    std::vector<std::pair<std::string, std::string>> settings;
    TRY(from.read_rows("meta", {"key", "value"}, [&](const Row& row) -> Status {
        if (row.size() == 2 && row[0].s != "schema_version") settings.emplace_back(row[0].s, row[1].s);
        return ok_status();
    }));
    for (const auto& [key, value] : settings) TRY(to.set_meta(key, value));
    return to.finish_append();
}

// One cell as text that tells its type: 3 and "3" differ, bytes and text of
// the same content do not (backends differ in how they hand them back).
void append_cell(std::string& out, const Cell& cell) {
    switch (cell.type) {
        case Cell::Type::Null: out += "N"; break;
        case Cell::Type::Int: out += fmt::format("I{}", cell.i); break;
        case Cell::Type::Real: out += fmt::format("R{}", cell.r); break;
        case Cell::Type::Text:
        case Cell::Type::Bytes: out += fmt::format("S{}:", cell.s.size()) + cell.s; break;
    }
}

}  // namespace

Result<std::vector<TableCopy>> copy_store(Store& from, Store& to, const CopyProgress& progress) {
    TRY(require_same_schema(from, to));
    TRY(require_empty(to));
    TRY(to.begin());
    std::vector<TableCopy> out;
    auto copied = copy_all(from, to, progress, out);
    if (!copied) {
        to.rollback();
        return copied.take_error();
    }
    TRY(to.commit());
    return out;
}

Result<TableDigest> table_digest(Store& store, const std::string& table, const std::vector<std::string>& columns) {
    // The sum of the rows' hashes (as four 64-bit lanes) is the same in any order.
    std::array<uint64_t, 4> sum{};
    TableDigest out;
    std::string text;
    TRY(store.read_rows(table, columns, [&](const Row& row) -> Status {
        text.clear();
        for (const auto& cell : row) append_cell(text, cell);
        std::array<unsigned char, 32> h{};
        crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                           nullptr, 0);
        for (size_t lane = 0; lane < sum.size(); ++lane) {
            uint64_t v = 0;
            for (size_t b = 0; b < 8; ++b) v = (v << 8) | h[lane * 8 + b];
            sum[lane] += v;
        }
        ++out.rows;
        return ok_status();
    }));
    out.digest = fmt::format("{:016x}{:016x}{:016x}{:016x}", sum[0], sum[1], sum[2], sum[3]);
    return out;
}

Status verify_copy(Store& from, Store& to) {
    for (const auto& table : logical_tables()) {
        const auto columns = TRY(shared_columns(from, to, table));
        const auto a = TRY(table_digest(from, table, columns));
        const auto b = TRY(table_digest(to, table, columns));
        if (a.rows != b.rows)
            return Error::storage(
                fmt::format("table {}: {} rows in the source, {} in the target", table, a.rows, b.rows));
        if (a.digest != b.digest)
            return Error::storage(
                fmt::format("table {}: the same number of rows ({}) but not the same rows", table, a.rows));
    }
    return ok_status();
}

}  // namespace grip::storage
