// SqliteStore's maintained figures: memberships of distinct tallies and the
// cells, and the activities active on a day. Each municipality has figures of
// its own.

#include <fmt/format.h>

#include "storage/sqlite/sqlite_store.h"

namespace grip::storage::sqlite {

Result<std::vector<MemberRow>> SqliteStore::members(int32_t tally, int64_t subject) {
    auto* st = TRY(
        db_->prepare("SELECT month, area, n FROM tally_member WHERE municipality = ? AND tally = ? AND subject = ?"));
    st->bind(1, std::string_view(municipality_)).bind(2, int64_t{tally}).bind(3, subject);
    std::vector<MemberRow> out;
    while (TRY(st->step()))
        out.push_back({static_cast<int32_t>(st->int64(0)), static_cast<int32_t>(st->int64(1)), st->int64(2)});
    return out;
}

Status SqliteStore::put_members(int32_t tally, int64_t subject, const std::vector<MemberRow>& rows, bool replace) {
    TRY(check_writable_scope(municipality_));
    if (replace) {
        auto* del = TRY(db_->prepare("DELETE FROM tally_member WHERE municipality = ? AND tally = ? AND subject = ?"));
        TRY(del->bind(1, std::string_view(municipality_)).bind(2, int64_t{tally}).bind(3, subject).run());
    }
    auto* ins = TRY(db_->prepare(
        "INSERT INTO tally_member(municipality, tally, subject, month, area, n) VALUES(?, ?, ?, ?, ?, ?)"));
    for (const auto& r : rows) {
        if (r.n <= 0) continue;
        TRY(ins->reset()
                .bind(1, std::string_view(municipality_))
                .bind(2, int64_t{tally})
                .bind(3, subject)
                .bind(4, int64_t{r.month})
                .bind(5, int64_t{r.area})
                .bind(6, r.n)
                .run());
    }
    return ok_status();
}

Result<std::vector<RangeMember>> SqliteStore::members_in_months(int32_t month_from, int32_t month_to) {
    auto* st = TRY(db_->prepare(
        "SELECT DISTINCT tally, subject, area FROM tally_member WHERE municipality = ? AND month BETWEEN ? AND ? "
        "AND n > 0"));
    st->bind(1, std::string_view(municipality_)).bind(2, int64_t{month_from}).bind(3, int64_t{month_to});
    std::vector<RangeMember> out;
    while (TRY(st->step()))
        out.push_back({static_cast<int32_t>(st->int64(0)), st->int64(1), static_cast<int32_t>(st->int64(2))});
    return out;
}

Status SqliteStore::add_cells(const CellDeltas& deltas) {
    TRY(check_writable_scope(municipality_));
    auto* st =
        TRY(db_->prepare("INSERT INTO tally_cell(municipality, period, area, tally, value, n) VALUES(?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT(municipality, period, area, tally, value) DO UPDATE SET n = n + excluded.n"));
    for (const auto& [key, delta] : deltas) {
        if (delta == 0) continue;
        TRY(st->reset()
                .bind(1, std::string_view(municipality_))
                .bind(2, int64_t{key.period})
                .bind(3, int64_t{key.area})
                .bind(4, int64_t{key.tally})
                .bind(5, std::string_view(key.value))
                .bind(6, delta)
                .run());
    }
    auto* zero = TRY(db_->prepare("DELETE FROM tally_cell WHERE municipality = ? AND n = 0"));
    return zero->bind(1, std::string_view(municipality_)).run();
}

Status SqliteStore::clear_figures() {
    TRY(check_writable_scope(municipality_));
    for (const char* table : {"tally_member", "tally_cell"}) {
        auto* st = TRY(db_->prepare(fmt::format("DELETE FROM {} WHERE municipality = ?", table)));
        TRY(st->bind(1, std::string_view(municipality_)).run());
    }
    return ok_status();
}

Result<std::vector<std::pair<CellKey, int64_t>>> SqliteStore::cells(const std::vector<int32_t>& periods,
                                                                    const std::vector<int32_t>& areas) {
    std::string sql = "SELECT tally, period, area, value, n FROM tally_cell WHERE municipality = ? AND period IN (";
    for (size_t i = 0; i < periods.size(); ++i) sql += fmt::format("{}{}", i ? "," : "", periods[i]);
    sql += ")";
    if (!areas.empty()) {
        sql += " AND area IN (";
        for (size_t i = 0; i < areas.size(); ++i) sql += fmt::format("{}{}", i ? "," : "", areas[i]);
        sql += ")";
    }
    // Built from integers only, so no injection; not cached, the lists vary.
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db_->handle(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_->handle(), rc, "reading figures");
    Statement st(db_->handle(), raw);
    st.bind(1, std::string_view(municipality_));
    std::vector<std::pair<CellKey, int64_t>> out;
    while (TRY(st.step())) {
        out.push_back({CellKey{static_cast<int32_t>(st.int64(0)), static_cast<int32_t>(st.int64(1)),
                               static_cast<int32_t>(st.int64(2)), std::string(st.text(3))},
                       st.int64(4)});
    }
    return out;
}

Result<std::vector<ActiveActivity>> SqliteStore::active_on(std::string_view type, std::string_view day) {
    auto* st = TRY(db_->prepare(
        "SELECT p.subject, coalesce(a.area, ad.area, l.area) FROM rec_activity a "
        "LEFT JOIN rec_person p ON p.municipality = a.municipality AND p.id = a.person AND p.withdrawn = 0 "
        "LEFT JOIN rec_address ad ON ad.municipality = a.municipality AND ad.id = a.address AND ad.withdrawn = 0 "
        "LEFT JOIN rec_location l ON l.municipality = a.municipality AND l.id = a.location AND l.withdrawn = 0 "
        "WHERE a.municipality = ? AND a.type = ? AND a.withdrawn = 0 AND a.date <= ? "
        "AND (a.end_date IS NULL OR a.end_date >= ?)"));
    st->bind(1, std::string_view(municipality_)).bind(2, type).bind(3, day).bind(4, day);
    std::vector<std::pair<int64_t, std::string>> rows;
    while (TRY(st->step())) rows.emplace_back(st->is_null(0) ? 0 : st->int64(0), std::string(st->text(1)));
    auto area_list = TRY(areas());
    const AreaIds tree(area_list);
    std::vector<ActiveActivity> out;
    out.reserve(rows.size());
    for (auto& [subject, area] : rows) out.push_back({subject, tree.id_of(area).value_or(0)});
    return out;
}

}  // namespace grip::storage::sqlite
