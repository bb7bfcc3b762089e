#include "storage/delivery_sql.h"

#include <fmt/format.h>

namespace grip::storage::portable {

namespace {

constexpr const char* kDeliveryColumns =
    "id, source, format, content_hash, started_at, coalesce(finished_at, ''), status, n_read, n_stored, n_replaced, "
    "n_withdrawn, n_unchanged, n_rejected, \"user\"";

DeliverySummary read_delivery(const RowView& row) {
    DeliverySummary d;
    d.id = row.int64(0);
    d.info = {std::string(row.text(1)), std::string(row.text(2)), std::string(row.text(3)), row.int64(13)};
    d.started_at = std::string(row.text(4));
    d.finished_at = std::string(row.text(5));
    d.status = std::string(row.text(6));
    d.counts = {row.int64(7), row.int64(8), row.int64(9), row.int64(10), row.int64(11), row.int64(12)};
    return d;
}

}  // namespace

Result<std::optional<std::string>> meta(SqlSession& sql, std::string_view key) {
    std::optional<std::string> out;
    TRY(sql.query("SELECT value FROM meta WHERE key = ?", values(key), [&](const RowView& row) {
        out = std::string(row.text(0));
        return ok_status();
    }));
    return out;
}

Status set_meta(SqlSession& sql, std::string_view key, std::string_view value) {
    return sql.run("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   values(key, value));
}

Result<std::optional<DeliverySummary>> delivery_with_hash(SqlSession& sql, std::string_view content_hash) {
    std::optional<DeliverySummary> out;
    TRY(sql.query(fmt::format("SELECT {} FROM delivery WHERE {} AND content_hash = ? AND status = 'committed' "
                              "ORDER BY id LIMIT 1",
                              kDeliveryColumns, sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), content_hash), [&](const RowView& row) {
                      out = read_delivery(row);
                      return ok_status();
                  }));
    return out;
}

Result<std::vector<DeliverySummary>> deliveries(SqlSession& sql) {
    std::vector<DeliverySummary> out;
    TRY(sql.query(fmt::format("SELECT {} FROM delivery WHERE {} ORDER BY id", kDeliveryColumns,
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality())), [&](const RowView& row) {
                      out.push_back(read_delivery(row));
                      return ok_status();
                  }));
    return out;
}

Result<std::vector<AreaInfo>> areas(SqlSession& sql) {
    std::vector<AreaInfo> out;
    TRY(sql.query(fmt::format("SELECT rid, id, name, level, coalesce(parent, ''), coalesce(priority, 0), "
                              "coalesce(inhabitants, 0) FROM rec_area WHERE {} AND withdrawn = 0 "
                              "ORDER BY id, municipality",
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality())), [&](const RowView& row) {
                      out.push_back({static_cast<int32_t>(row.int64(0)), std::string(row.text(1)),
                                     std::string(row.text(2)), std::string(row.text(3)), std::string(row.text(4)),
                                     row.int64(5) != 0, row.int64(6)});
                      return ok_status();
                  }));
    return out;
}

Result<std::vector<ReportText>> report_texts(SqlSession& sql, int year) {
    std::vector<ReportText> out;
    TRY(sql.query(fmt::format("SELECT block, text, updated_at FROM report_text WHERE {} AND year = ? "
                              "ORDER BY block, municipality",
                              sql.in_scope("municipality")),
                  values(std::string_view(sql.municipality()), year), [&](const RowView& row) {
                      out.push_back({std::string(row.text(0)), std::string(row.text(1)), std::string(row.text(2))});
                      return ok_status();
                  }));
    return out;
}

Status set_report_text(SqlSession& sql, int year, std::string_view block, std::string_view text, std::string_view now) {
    TRY(sql.check_writable());
    return sql.run(
        "INSERT INTO report_text(municipality, year, block, text, updated_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(municipality, year, block) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        values(std::string_view(sql.municipality()), year, block, text, now));
}

}  // namespace grip::storage::portable
