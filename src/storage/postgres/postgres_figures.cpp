// PostgresStore's maintained figures: memberships of distinct tallies and the
// cells, written through the pipeline, and the activities active on a day.
// Each municipality has figures of its own.

#include <fmt/format.h>

#include "storage/postgres/postgres_store.h"
#include "storage/row_values.h"

namespace grip::storage::postgres {

namespace {

// An array literal of integers, "{1,2,3}", for `= ANY($n::bigint[])`.
std::string int_array(const std::vector<int32_t>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) out += fmt::format("{}{}", i ? "," : "", values[i]);
    return out + "}";
}

}  // namespace

Result<std::vector<MemberRow>> PostgresStore::members(int32_t tally, int64_t subject) {
    auto rows = TRY(conn_->query(fmt::format("SELECT month, area, n FROM tally_member WHERE {} AND tally = $1 "
                                             "AND subject = $2 ORDER BY month, area",
                                             in_scope("municipality", 3)),
                                 Params().add(int64_t{tally}).add(subject).add(std::string_view(municipality_))));
    std::vector<MemberRow> out;
    for (int r = 0; r < rows.size(); ++r)
        out.push_back(
            {static_cast<int32_t>(rows.int64(r, 0)), static_cast<int32_t>(rows.int64(r, 1)), rows.int64(r, 2)});
    return out;
}

Status PostgresStore::put_members(int32_t tally, int64_t subject, const std::vector<MemberRow>& rows, bool replace) {
    TRY(check_writable());
    const std::string_view scope = municipality_;
    if (replace)
        TRY(conn_->queue("DELETE FROM tally_member WHERE municipality = $3 AND tally = $1 AND subject = $2",
                         Params().add(int64_t{tally}).add(subject).add(scope)));
    static const std::string kTable = "tally_member", kColumns = "municipality, tally, subject, month, area, n",
                             kInsert =
                                 fmt::format("INSERT INTO {}({}) VALUES($1, $2, $3, $4, $5, $6)", kTable, kColumns);
    for (const auto& r : rows) {
        if (r.n <= 0) continue;
        TRY(add_new_row(
            kInsert, "tally_member", "municipality, tally, subject, month, area, n",
            Params().add(scope).add(int64_t{tally}).add(subject).add(int64_t{r.month}).add(int64_t{r.area}).add(r.n)));
    }
    return ok_status();
}

Result<std::vector<RangeMember>> PostgresStore::members_in_months(int32_t month_from, int32_t month_to) {
    auto rows = TRY(
        conn_->query(fmt::format("SELECT DISTINCT tally, subject, area FROM tally_member WHERE {} "
                                 "AND month BETWEEN $1 AND $2 AND n > 0",
                                 in_scope("municipality", 3)),
                     Params().add(int64_t{month_from}).add(int64_t{month_to}).add(std::string_view(municipality_))));
    std::vector<RangeMember> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        out.push_back(
            {static_cast<int32_t>(rows.int64(r, 0)), rows.int64(r, 1), static_cast<int32_t>(rows.int64(r, 2))});
    return out;
}

Status PostgresStore::add_cells(const CellDeltas& deltas) {
    TRY(check_writable());
    const std::string_view scope = municipality_;
    for (const auto& [key, delta] : deltas) {
        if (delta == 0) continue;
        TRY(
            conn_->queue("INSERT INTO tally_cell(municipality, period, area, tally, value, n) "
                         "VALUES($6, $1, $2, $3, $4, $5) ON CONFLICT(municipality, period, area, tally, value) "
                         "DO UPDATE SET n = tally_cell.n + excluded.n",
                         Params()
                             .add(int64_t{key.period})
                             .add(int64_t{key.area})
                             .add(int64_t{key.tally})
                             .add(std::string_view(key.value))
                             .add(delta)
                             .add(scope)));
    }
    return conn_->queue("DELETE FROM tally_cell WHERE municipality = $1 AND n = 0", Params().add(scope));
}

Status PostgresStore::clear_figures() {
    TRY(check_writable());
    const std::string_view scope = municipality_;
    TRY(conn_->queue("DELETE FROM tally_member WHERE municipality = $1", Params().add(scope)));
    return conn_->queue("DELETE FROM tally_cell WHERE municipality = $1", Params().add(scope));
}

Result<std::vector<std::pair<CellKey, int64_t>>> PostgresStore::cells(const std::vector<int32_t>& periods,
                                                                      const std::vector<int32_t>& areas) {
    // One statement for every list: an empty list of areas means all of them.
    auto rows = TRY(conn_->query(
        fmt::format("SELECT tally, period, area, value, n FROM tally_cell WHERE {} AND period = ANY($1::bigint[]) "
                    "AND (cardinality($2::bigint[]) = 0 OR area = ANY($2::bigint[])) "
                    "ORDER BY period, area, tally, value, municipality",
                    in_scope("municipality", 3)),
        Params()
            .add(std::string_view(int_array(periods)))
            .add(std::string_view(int_array(areas)))
            .add(std::string_view(municipality_))));
    std::vector<std::pair<CellKey, int64_t>> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        out.push_back({CellKey{static_cast<int32_t>(rows.int64(r, 0)), static_cast<int32_t>(rows.int64(r, 1)),
                               static_cast<int32_t>(rows.int64(r, 2)), std::string(rows.text(r, 3))},
                       rows.int64(r, 4)});
    return out;
}

Result<std::vector<ActiveActivity>> PostgresStore::active_on(std::string_view type, std::string_view day) {
    // A reference names a record of the activity's own municipality.
    auto rows = TRY(conn_->query(
        fmt::format("SELECT p.subject, coalesce(a.area, ad.area, l.area) FROM rec_activity a "
                    "LEFT JOIN rec_person p ON p.municipality = a.municipality AND p.id = a.person AND p.withdrawn = 0 "
                    "LEFT JOIN rec_address ad ON ad.municipality = a.municipality AND ad.id = a.address "
                    "AND ad.withdrawn = 0 "
                    "LEFT JOIN rec_location l ON l.municipality = a.municipality AND l.id = a.location "
                    "AND l.withdrawn = 0 "
                    "WHERE {} AND a.type = $1 AND a.withdrawn = 0 AND a.date <= $2 "
                    "AND (a.end_date IS NULL OR a.end_date >= $2) ORDER BY a.rid",
                    in_scope("a.municipality", 3)),
        Params().add(type).add(day).add(std::string_view(municipality_))));
    const AreaIds tree(TRY(areas()));
    std::vector<ActiveActivity> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        out.push_back({rows.is_null(r, 0) ? 0 : rows.int64(r, 0), tree.id_of(rows.text(r, 1)).value_or(0)});
    return out;
}

Result<std::map<std::string, std::vector<ActiveActivity>>> PostgresStore::active_on_days(
    std::string_view type, const std::vector<std::string>& days) {
    std::map<std::string, std::vector<ActiveActivity>> out;
    if (days.empty()) return out;
    // Every day in one statement (the indicator grid asks for some 30 days
    // per activity type: one round trip, and one pass over the type's
    // activities, instead of a statement per day). The days go as one JSON
    // array; row-level security applies as to active_on.
    const std::string day_list = json_list(days);
    auto rows = TRY(conn_->query(
        fmt::format("SELECT d.day, p.subject, coalesce(a.area, ad.area, l.area) "
                    "FROM (SELECT jsonb_array_elements_text($2::jsonb) AS day) d "
                    "JOIN rec_activity a ON a.date <= d.day AND (a.end_date IS NULL OR a.end_date >= d.day) "
                    "LEFT JOIN rec_person p ON p.municipality = a.municipality AND p.id = a.person AND p.withdrawn = 0 "
                    "LEFT JOIN rec_address ad ON ad.municipality = a.municipality AND ad.id = a.address "
                    "AND ad.withdrawn = 0 "
                    "LEFT JOIN rec_location l ON l.municipality = a.municipality AND l.id = a.location "
                    "AND l.withdrawn = 0 "
                    "WHERE {} AND a.type = $1 AND a.withdrawn = 0 ORDER BY d.day, a.rid",
                    in_scope("a.municipality", 3)),
        Params().add(type).add(std::string_view(day_list)).add(std::string_view(municipality_))));
    const AreaIds tree(TRY(areas()));
    for (const auto& day : days) out[day];
    for (int r = 0; r < rows.size(); ++r)
        out[std::string(rows.text(r, 0))].push_back(
            {rows.is_null(r, 1) ? 0 : rows.int64(r, 1), tree.id_of(rows.text(r, 2)).value_or(0)});
    return out;
}

}  // namespace grip::storage::postgres
