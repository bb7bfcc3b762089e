// PostgresStore's integrity check. PostgreSQL keeps its own files consistent;
// what is checked here is what Grip relies on: the schema version, the
// triggers that keep case history unchanged, row-level security on every
// municipal table, the indexes against the tables (amcheck when the database
// has it and Grip's role may use it, else counting each record table once
// through its rows and once through its index), and that every version in
// the history has a later current version. It looks at every municipality's
// rows, whatever the connection's scope.

#include <algorithm>

#include <fmt/format.h>

#include "storage/postgres/postgres_schema.h"
#include "storage/postgres/postgres_store.h"
#include "storage/table_layout.h"

namespace grip::storage::postgres {

namespace {

// Compares each record table's count through its rows with the count through
// its (municipality, id) index, in one snapshot.
Status count_both_ways(Connection& conn, std::vector<std::string>& problems) {
    TRY(conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto status = [&]() -> Status {
        for (records::Kind kind : records::kAllKinds) {
            const std::string table = table_of(kind);
            TRY(
                conn.exec("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; "
                          "SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off"));
            auto by_rows = TRY(conn.run(fmt::format("SELECT count(*) FROM {}", table)));
            TRY(conn.exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexonlyscan = on"));
            auto by_index = TRY(conn.run(fmt::format("SELECT count(id) FROM {} WHERE municipality >= ''", table)));
            if (by_rows.int64(0, 0) != by_index.int64(0, 0))
                problems.push_back(fmt::format("{} has {} rows but its id index {}", table, by_rows.int64(0, 0),
                                               by_index.int64(0, 0)));
        }
        return ok_status();
    }();
    conn.rollback();
    return status;
}

// Row-level security is the second wall between municipalities: enabled,
// forced on the tables' owner too, with a policy, on every municipal table.
Status check_row_security(Connection& conn, std::vector<std::string>& problems) {
    const auto tables = municipal_tables();
    std::string list;
    for (const auto& t : tables) list += (list.empty() ? "{" : ",") + t;
    auto rows =
        TRY(conn.query("SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                       "AND c.relname = ANY($1::text[]) AND c.relrowsecurity AND c.relforcerowsecurity "
                       "AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)",
                       Params().add(std::string_view(list + "}"))));
    std::vector<std::string> guarded;
    for (int r = 0; r < rows.size(); ++r) guarded.emplace_back(rows.text(r, 0));
    std::string missing;
    for (const auto& t : tables)
        if (std::find(guarded.begin(), guarded.end(), t) == guarded.end()) missing += (missing.empty() ? "" : ", ") + t;
    if (!missing.empty())
        problems.push_back(fmt::format("row-level security is not enabled and forced on {}", missing));
    return ok_status();
}

// amcheck's functions are the superuser's unless granted.
Result<bool> may_use_amcheck(Connection& conn) {
    auto installed = TRY(conn.query("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'"));
    if (installed.empty()) return false;
    auto allowed = TRY(conn.query("SELECT has_function_privilege('bt_index_check(regclass, boolean)', 'EXECUTE')"));
    return allowed.text(0, 0) == "t";
}

}  // namespace

Result<std::string> PostgresStore::integrity_check() {
    if (in_transaction()) return Error::invalid("the integrity check runs outside a transaction");
    std::vector<std::string> problems;
    TRY(across_municipalities([&] { return check_integrity(problems); }));
    if (problems.empty()) return std::string("ok");
    std::string out;
    for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
    return out;
}

Status PostgresStore::check_integrity(std::vector<std::string>& problems) {
    const auto version = TRY(meta("schema_version"));
    if (!version || *version != std::to_string(schema_version()))
        problems.push_back(
            fmt::format("schema version {}, expected {}", version ? *version : "none", schema_version()));

    auto triggers =
        TRY(conn_->query("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'case_event'::regclass AND tgenabled <> 'D' "
                         "AND tgname IN ('case_event_immutable', 'case_event_kept')"));
    if (triggers.int64(0, 0) != 2) problems.emplace_back("the triggers that keep case history unchanged are missing");

    TRY(check_row_security(*conn_, problems));

    if (TRY(may_use_amcheck(*conn_))) {
        auto checked = conn_->query(
            "SELECT bt_index_check(i.indexrelid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' "
            "AND c.relnamespace = current_schema()::regnamespace");
        if (!checked) problems.push_back(checked.error().message);
    } else {
        TRY(count_both_ways(*conn_, problems));
    }

    for (records::Kind kind : records::kAllKinds) {
        auto orphans = TRY(conn_->query(
            fmt::format("SELECT count(*) FROM history h WHERE h.kind = $1 AND NOT EXISTS "
                        "(SELECT 1 FROM {} r WHERE r.municipality = h.municipality AND r.id = h.id AND r.seq > h.seq)",
                        table_of(kind)),
            Params().add(records::kind_name(kind))));
        if (orphans.int64(0, 0) > 0)
            problems.push_back(fmt::format("{} history versions of {} records have no later current version",
                                           orphans.int64(0, 0), records::kind_name(kind)));
    }
    return ok_status();
}

}  // namespace grip::storage::postgres
