// The PostgreSQL store against a real server: what is particular to it (a
// missing database is made, an expected refusal does not abort the
// transaction, case history is guarded by triggers, rows move in by COPY,
// row-level security keeps a connection to its municipality) and that it
// stores exactly what the SQLite store stores. Runs when
// GRIP_TEST_POSTGRES names a server (postgresql://user@host:port, see
// scripts/test-postgres); skipped otherwise.

#include <cstdlib>
#include <random>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "storage/bulk_load.h"
#include "storage/postgres/postgres_connect.h"
#include "storage/postgres/postgres_schema.h"
#include "storage/postgres/postgres_store.h"
#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
using records::Kind;
using storage::postgres::Connection;
using storage::postgres::Params;

std::string server_url() {
    const char* url = std::getenv("GRIP_TEST_POSTGRES");
    return url ? url : "";
}

// A database of the test's own on the test server, dropped at the end.
class TestDatabase {
public:
    TestDatabase() {
        std::random_device rd;
        name_ = fmt::format("grip_pgtest_{:08x}{:08x}", rd(), rd());
        url_ = fmt::format("{}/{}", server_url(), name_);
    }
    ~TestDatabase() { run_on_server(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name_)); }
    const std::string& url() const { return url_; }

    // Runs SQL in the test's database as a client outside Grip would;
    // returns the error message, empty when it succeeded.
    std::string run(const std::string& sql) const { return run_at(url_, sql); }
    static std::string run_on_server(const std::string& sql) { return run_at(server_url() + "/postgres", sql); }

private:
    static std::string run_at(const std::string& url, const std::string& sql) {
        PGconn* conn = PQconnectdb(url.c_str());
        std::string error;
        if (PQstatus(conn) != CONNECTION_OK) {
            error = PQerrorMessage(conn);
        } else {
            PGresult* r = PQexec(conn, sql.c_str());
            const auto s = PQresultStatus(r);
            if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) error = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            PQclear(r);
        }
        PQfinish(conn);
        return error;
    }

    std::string name_, url_;
};

class PostgresStore : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_url().empty()) GTEST_SKIP() << "GRIP_TEST_POSTGRES is not set";
        auto opened = storage::open_store(db_.url(), "GM0599");
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
    }
    void TearDown() override { store_.reset(); }

    storage::UserRow user(const std::string& name, const std::string& municipality = "GM0599") {
        storage::UserRow u;
        u.name = name;
        u.municipality = municipality;
        u.role = "beheer";
        u.password_hash = "x";
        u.locations = {"loc-1", "loc-2"};
        u.created_at = 1700000000;
        return u;
    }

    TestDatabase db_;
    std::unique_ptr<storage::Store> store_;
};

TEST_F(PostgresStore, MakesTheDatabaseAndItsSchemaAndOpensItAgain) {
    auto version = store_->meta("schema_version");
    ASSERT_TRUE(version);
    ASSERT_TRUE(version->has_value());
    EXPECT_EQ(**version, std::to_string(storage::postgres::schema_version()));
    EXPECT_TRUE(store_->set_meta("key_check", "abc"));
    store_.reset();
    auto again = storage::open_store(db_.url(), "GM0599");
    ASSERT_TRUE(again) << again.error().message;
    auto check = (*again)->meta("key_check");
    ASSERT_TRUE(check && check->has_value());
    EXPECT_EQ(**check, "abc");
    auto integrity = (*again)->integrity_check();
    ASSERT_TRUE(integrity) << integrity.error().message;
    EXPECT_EQ(*integrity, "ok");
}

TEST_F(PostgresStore, RefusesASchemaNewerThanTheProgram) {
    ASSERT_TRUE(store_->set_meta("schema_version", "99"));
    store_.reset();
    auto again = storage::open_store(db_.url(), "GM0599");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Unsupported);
    EXPECT_NE(again.error().message.find("newer than this Grip"), std::string::npos);
}

TEST_F(PostgresStore, AnUnreachableServerIsNamedButNotItsPassword) {
    auto opened = storage::open_store("postgresql://grip:hunter2secret@127.0.0.1:1/grip", "GM0599");
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message.find("127.0.0.1:1"), std::string::npos) << opened.error().message;
    EXPECT_EQ(opened.error().message.find("hunter2secret"), std::string::npos) << opened.error().message;
}

TEST_F(PostgresStore, ExpectedRefusalsLeaveTheTransactionUsable) {
    ASSERT_TRUE(store_->begin());
    auto first = store_->add_user(user("Jan"));
    ASSERT_TRUE(first) << first.error().message;
    auto taken = store_->add_user(user("jAN"));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);

    storage::CaseRow c;
    c.type = "t";
    c.subject_kind = "activity";
    c.subject_id = "a-1";
    c.state = "open";
    c.opened_on = c.state_since = "2024-01-02";
    c.version = 1;
    auto id = store_->add_case(c);
    ASSERT_TRUE(id);
    c.id = *id;
    c.version = 2;
    auto stale = store_->update_case(c, 7);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
    storage::CaseEventRow e{*id, 1, "2024-01-02T10:00:00Z", "Jan", "open", "", "open", "{}"};
    ASSERT_TRUE(store_->add_case_event(e));
    auto twice = store_->add_case_event(e);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);

    auto renamed = user("Piet");
    auto piet = store_->add_user(renamed);
    ASSERT_TRUE(piet) << piet.error().message;
    renamed.id = *piet;
    renamed.name = "JAN";
    auto clash = store_->update_user(renamed);
    ASSERT_FALSE(clash);
    EXPECT_EQ(clash.error().code, ErrorCode::Conflict);
    renamed.id = 999;
    auto missing = store_->update_user(renamed);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    auto commit = store_->commit();
    ASSERT_TRUE(commit) << commit.error().message;

    auto users = store_->users();
    ASSERT_TRUE(users);
    ASSERT_EQ(users->size(), 2u);
    EXPECT_EQ((*users)[0].name, "Jan");
    EXPECT_EQ((*users)[0].id, 1);
    EXPECT_EQ((*users)[1].id, 2);  // the refused name used up no id
    EXPECT_EQ((*users)[0].locations, (std::vector<std::string>{"loc-1", "loc-2"}));
    auto by_name = store_->user_by_name("JAN");
    ASSERT_TRUE(by_name && by_name->has_value());
    EXPECT_EQ((*by_name)->id, 1);
    auto updated = store_->case_by_id(*id);
    ASSERT_TRUE(updated && updated->has_value());
    EXPECT_EQ((*updated)->version, 1);
}

TEST_F(PostgresStore, CaseHistoryIsNeverChangedOrRemoved) {
    storage::CaseEventRow e{1, 1, "2024-01-02T10:00:00Z", "jan", "open", "", "open", "{}"};
    ASSERT_TRUE(store_->add_case_event(e));
    // In the event's municipality, so that row-level security lets the rows through to the triggers.
    EXPECT_EQ(db_.run("SET app.municipality = 'GM0599'; UPDATE case_event SET actor = 'piet'"),
              "the history of a case is never changed");
    EXPECT_EQ(db_.run("SET app.municipality = 'GM0599'; DELETE FROM case_event"),
              "the history of a case is never removed");
    EXPECT_EQ(db_.run("TRUNCATE case_event"), "the history of a case is never removed");
    auto events = store_->case_events(1);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].actor, "jan");
}

TEST_F(PostgresStore, AWriteThatFailsInThePipelineFailsTheCommit) {
    ASSERT_TRUE(store_->begin());
    ASSERT_TRUE(store_->set_report_text(2024, "intro", "kept only if all is well"));
    // The same membership row twice breaks the primary key: the write is
    // queued, and its failure comes out at commit.
    const std::vector<storage::MemberRow> twice = {{1, 1, 1}, {1, 1, 2}};
    ASSERT_TRUE(store_->put_members(1, 1, twice, false));
    auto commit = store_->commit();
    ASSERT_FALSE(commit);
    EXPECT_EQ(commit.error().code, ErrorCode::Conflict) << commit.error().message;
    store_->rollback();
    auto texts = store_->report_texts(2024);
    ASSERT_TRUE(texts) << texts.error().message;
    EXPECT_TRUE(texts->empty());
    auto members = store_->members(1, 1);
    ASSERT_TRUE(members);
    EXPECT_TRUE(members->empty());
}

TEST_F(PostgresStore, RowsMovedInKeepTheirIdsAndNewIdsFollowThem) {
    ASSERT_TRUE(store_->begin());
    using storage::Cell;
    std::vector<storage::Row> rows;
    for (int64_t id : {3, 9}) {
        rows.push_back({Cell{Cell::Type::Int, id, 0, {}}, Cell{Cell::Type::Text, 0, 0, fmt::format("user\t{}\\", id)},
                        Cell{Cell::Type::Text, 0, 0, "beheer"}, Cell{Cell::Type::Text, 0, 0, ""},
                        Cell{Cell::Type::Text, 0, 0, "[]"}, Cell{Cell::Type::Text, 0, 0, "h"},
                        Cell{Cell::Type::Int, 0, 0, {}}, Cell{Cell::Type::Int, 1700000000, 0, {}},
                        Cell{Cell::Type::Text, 0, 0, "GM0599"}, Cell{Cell::Type::Text, 0, 0, "person"}});
    }
    auto columns = store_->columns("user");
    ASSERT_TRUE(columns);
    EXPECT_EQ(*columns, (std::vector<std::string>{"id", "name", "role", "organisation", "locations", "password_hash",
                                                  "disabled", "created_at", "municipality", "kind"}));
    ASSERT_TRUE(store_->append_rows("user", *columns, rows));
    std::vector<storage::Row> subjects = {
        {Cell{Cell::Type::Int, 4, 0, {}}, Cell{Cell::Type::Bytes, 0, 0, std::string("\x00\x01\xff", 3)}}};
    ASSERT_TRUE(store_->append_rows("subject", {"id", "pseudonym"}, subjects));
    ASSERT_TRUE(store_->finish_append());
    ASSERT_TRUE(store_->commit());

    auto next = store_->add_user(user("new"));
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(*next, 10);
    auto named = store_->user_by_name("USER\t3\\");
    ASSERT_TRUE(named && named->has_value());
    EXPECT_EQ((*named)->id, 3);

    std::vector<storage::Row> read;
    ASSERT_TRUE(store_->read_rows("subject", {"id", "pseudonym"}, [&](const storage::Row& r) -> Status {
        read.push_back(r);
        return ok_status();
    }));
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0][0].type, Cell::Type::Int);
    EXPECT_EQ(read[0][0].i, 4);
    EXPECT_EQ(read[0][1].type, Cell::Type::Bytes);
    EXPECT_EQ(read[0][1].s, std::string("\x00\x01\xff", 3));
    storage::Pseudonym p{};
    auto fresh = store_->subject(p);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(*fresh, 5);
}

TEST_F(PostgresStore, RowsMovedIntoMunicipalTablesPassThePolicy) {
    // COPY cannot fill a table under row-level security: append_rows goes
    // around it, and the policy still judges every row.
    using storage::Cell;
    auto cell_row = [](const std::string& municipality, int64_t n) {
        return storage::Row{Cell{Cell::Type::Text, 0, 0, municipality},
                            Cell{Cell::Type::Int, 2024, 0, {}},
                            Cell{Cell::Type::Int, 0, 0, {}},
                            Cell{Cell::Type::Int, 1, 0, {}},
                            Cell{Cell::Type::Text, 0, 0, ""},
                            Cell{Cell::Type::Int, n, 0, {}}};
    };
    const std::vector<std::string> columns = {"municipality", "period", "area", "tally", "value", "n"};
    auto all = storage::open_store(db_.url(), storage::kEveryMunicipality);
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_TRUE((*all)->begin());
    auto appended = (*all)->append_rows("tally_cell", columns, {cell_row("GM0599", 5), cell_row("GM0518", 7)});
    ASSERT_TRUE(appended) << appended.error().message;
    ASSERT_TRUE((*all)->finish_append());
    ASSERT_TRUE((*all)->commit());
    auto cells = store_->cells({2024}, {});
    ASSERT_TRUE(cells) << cells.error().message;
    ASSERT_EQ(cells->size(), 1u);
    EXPECT_EQ((*cells)[0].second, 5);

    ASSERT_TRUE(store_->begin());
    auto foreign = store_->append_rows("tally_cell", columns, {cell_row("GM0518", 9)});
    store_->rollback();
    ASSERT_FALSE(foreign);
    EXPECT_NE(foreign.error().message.find("row-level security"), std::string::npos) << foreign.error().message;
}

// Everything one store reads back, except what differs by nature (sealed
// data has a random nonce, times are the times of the run).
std::string contents(storage::Store& store) {
    std::string out;
    for (Kind kind : records::kAllKinds) {
        auto all = store.all_current(kind);
        if (!all) return all.error().message;
        for (const auto& r : *all) {
            out += fmt::format("{} {} v{} d{} s{} w{} sealed={} {}\n", records::kind_name(kind), r.record.id, r.seq,
                               r.delivery, r.subject, r.withdrawn, !r.sealed.empty(), json::serialize(r.record.fields));
            auto history = store.history(kind, r.record.id);
            if (!history) return history.error().message;
            for (const auto& h : *history)
                out += fmt::format("  v{} d{} w{} {}\n", h.seq, h.delivery, h.withdrawn, json::serialize(h.fields));
        }
    }
    auto deliveries = store.deliveries();
    if (!deliveries) return deliveries.error().message;
    for (const auto& d : *deliveries)
        out += fmt::format("delivery {} {} {} {} {} {} {}\n", d.id, d.info.source, d.status, d.counts.read,
                           d.counts.stored, d.counts.replaced, d.counts.rejected);
    auto areas = store.areas();
    if (!areas) return areas.error().message;
    for (const auto& a : *areas) out += fmt::format("area {} {} {}\n", a.id, a.code, a.parent);
    std::vector<int32_t> periods;
    for (int y = 2015; y <= 2030; ++y) periods.push_back(Period::year_of(y).key());
    auto cells = store.cells(periods, {});
    if (!cells) return cells.error().message;
    for (const auto& [k, n] : *cells)
        out += fmt::format("cell {} {} {} {} = {}\n", k.tally, k.period, k.area, k.value, n);
    storage::RecordFilter filter;
    filter.type = "huisbezoek";
    auto listed = store.list_current(Kind::Activity, filter, "", 50);
    if (!listed) return listed.error().message;
    for (const auto& r : *listed) out += "listed " + r.record.id + "\n";
    return out;
}

TEST_F(PostgresStore, StoresWhatTheSqliteStoreStores) {
    TempDir dir;
    auto keys = privacy::Keyring::open(dir / "test.key", privacy::CreateIfMissing::Yes);
    ASSERT_TRUE(keys);
    auto sqlite = storage::open_store((dir / "test.db").string(), "GM0599");
    ASSERT_TRUE(sqlite);
    const std::vector<std::filesystem::path> files = {shared_dir() / "data" / "sample-2023.ndjson",
                                                      shared_dir() / "data" / "sample-2023-correcties.ndjson",
                                                      test_data() / "deliveries" / "base.ndjson"};
    for (storage::Store* store : {sqlite->get(), store_.get()}) {
        for (const auto& file : files) {
            ingest::Importer importer(*store, shipped_catalogue(), *keys);
            auto report = importer.import_file(file, ingest::ImportOptions{});
            ASSERT_TRUE(report) << report.error().message;
        }
    }
    const std::string expected = contents(**sqlite);
    const std::string got = contents(*store_);
    EXPECT_GT(expected.size(), 10000u);
    EXPECT_EQ(got, expected);
}

// A connection of the test's own to its database, as Grip's store makes
// one, with app.municipality set to `scope` (none when empty).
std::unique_ptr<Connection> raw_connection(const std::string& url, const std::string& scope) {
    auto conn = storage::postgres::connect(url);
    if (!conn) throw std::runtime_error(conn.error().message);
    if (!scope.empty()) {
        auto set = (*conn)->query("SELECT set_config('app.municipality', $1, false)", Params().add(scope));
        if (!set) throw std::runtime_error(set.error().message);
    }
    return std::move(*conn);
}

records::Record activity(const std::string& id, const std::string& type, const std::string& date) {
    records::Record r;
    r.kind = Kind::Activity;
    r.id = id;
    r.fields = {{"id", id}, {"type", type}, {"date", date}};
    return r;
}

// Writes a record as the record writer does: a new version over the current one, if any.
Status write_version(storage::Store& store, const records::Record& record, int64_t delivery) {
    auto current = store.current(record.kind, record.id);
    if (!current) return current.take_error();
    storage::WriteMeta meta;
    meta.delivery = delivery;
    meta.previous = current->has_value();
    return store.write(record, meta);
}

TEST_F(PostgresStore, WritesArePlannedForTheTablesAsTheyAreNow) {
    // A delivery grows its tables inside one transaction, unseen by the
    // statistics. In a 10M delivery, once its first 1M ids had been written,
    // each new activity's "is this id there" check read through every
    // activity of the municipality (a stale generic plan): 50 records/s, and
    // falling. Transactions plan each statement for the tables as they are
    // (custom plans); reads outside keep the default. Reproduced and fixed by
    // hand with a delivery of 1.1M persons and 100k activities (too large
    // for this suite): 230 activities/s and falling before, the whole
    // delivery in 106 s after.
    auto* pg = dynamic_cast<storage::postgres::PostgresStore*>(store_.get());
    ASSERT_NE(pg, nullptr);
    EXPECT_EQ(pg->setting("plan_cache_mode").value(), "auto");
    ASSERT_TRUE(store_->begin());
    EXPECT_EQ(pg->setting("plan_cache_mode").value(), "force_custom_plan");
    ASSERT_TRUE(store_->commit());
    EXPECT_EQ(pg->setting("plan_cache_mode").value(), "auto");
    ASSERT_TRUE(store_->begin());
    store_->rollback();
    EXPECT_EQ(pg->setting("plan_cache_mode").value(), "auto");
}

TEST_F(PostgresStore, TheTestRoleIsSubjectToRowLevelSecurity) {
    // Superusers and BYPASSRLS roles pass every policy: the tests of the
    // second wall below would prove nothing (see scripts/test-postgres).
    auto conn = raw_connection(db_.url(), "");
    auto role = conn->run("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user");
    ASSERT_TRUE(role) << role.error().message;
    EXPECT_EQ(role->text(0, 0), "f") << "GRIP_TEST_POSTGRES connects as a role that bypasses row-level security";
}

TEST_F(PostgresStore, RowLevelSecurityKeepsAConnectionToItsMunicipality) {
    ASSERT_TRUE(write_version(*store_, activity("A1", "huisbezoek", "2024-01-02"), 1));

    // Statements without any condition of their own: the policy alone limits them.
    auto rotterdam = raw_connection(db_.url(), "GM0599");
    auto own = rotterdam->run("SELECT count(*) FROM rec_activity");
    ASSERT_TRUE(own) << own.error().message;
    EXPECT_EQ(own->int64(0, 0), 1);

    auto eindhoven = raw_connection(db_.url(), "GM0518");
    auto other = eindhoven->run("SELECT count(*) FROM rec_activity");
    ASSERT_TRUE(other) << other.error().message;
    EXPECT_EQ(other->int64(0, 0), 0);
    auto changed = eindhoven->run("UPDATE rec_activity SET seq = 9");
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed->affected(), 0);
    auto inserted = eindhoven->run(
        "INSERT INTO rec_activity(municipality, id, seq, delivery, hash, recorded_at, type, date) "
        "VALUES('GM0599', 'A2', 1, 1, '\\x00', '2024-01-02T10:00:00Z', 'huisbezoek', '2024-01-02')");
    ASSERT_FALSE(inserted);
    EXPECT_NE(inserted.error().message.find("row-level security"), std::string::npos) << inserted.error().message;

    auto every = raw_connection(db_.url(), "*");
    auto all = every->run("SELECT count(*) FROM rec_activity WHERE seq = 1");
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ(all->int64(0, 0), 1);

    // A connection that never named its scope is refused, not shown nothing.
    auto unscoped = raw_connection(db_.url(), "");
    auto refused = unscoped->run("SELECT count(*) FROM rec_activity");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("app.municipality"), std::string::npos) << refused.error().message;
}

TEST_F(PostgresStore, ABulkLoadStagesNewRowsAndEveryReadSeesThem) {
    // On the bulk path the new rows of records, subjects and memberships go
    // in with COPY, many at a time; a read in between (a correction looking
    // up the version it replaces) must still see every row written before it.
    auto* loader = storage::bulk_load_of(*store_);
    ASSERT_NE(loader, nullptr);
    EXPECT_FALSE(loader->begin_bulk_load()) << "outside a transaction";
    ASSERT_TRUE(store_->begin());
    ASSERT_TRUE(loader->begin_bulk_load());
    storage::Pseudonym pseudonym{};
    pseudonym[0] = 7;
    auto subject = store_->subject(pseudonym);
    ASSERT_TRUE(subject) << subject.error().message;
    EXPECT_EQ(*subject, 1);
    storage::WriteMeta meta;
    meta.delivery = 1;
    meta.subject = *subject;
    auto first = store_->write_new(activity("A1", "huisbezoek", "2024-01-02"), meta);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(*first);
    ASSERT_TRUE(store_->put_members(1, *subject, {{3, 0, 2}}, false));

    auto found = store_->current(Kind::Activity, "A1");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->subject, *subject);
    EXPECT_EQ((*found)->record.text("date"), "2024-01-02");
    auto members = store_->members(1, *subject);
    ASSERT_TRUE(members) << members.error().message;
    ASSERT_EQ(members->size(), 1u);
    EXPECT_EQ((*members)[0].n, 2);
    auto known = store_->find_subject(pseudonym);
    ASSERT_TRUE(known && known->has_value());
    EXPECT_EQ(**known, *subject);
    // The same id again is not new: the server, which has the row now, says so.
    auto again = store_->write_new(activity("A1", "huisbezoek", "2024-01-03"), meta);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(*again);
    // Text that COPY's format must escape arrives as it was.
    const std::string odd = "A\t2\\n\n";
    auto second = store_->write_new(activity(odd, "huisbezoek", "2024-01-04"), meta);
    ASSERT_TRUE(second && *second);
    ASSERT_TRUE(loader->end_bulk_load());
    ASSERT_TRUE(store_->commit());
    auto read = store_->current(Kind::Activity, odd);
    ASSERT_TRUE(read && read->has_value());
    EXPECT_EQ((*read)->record.id, odd);
    EXPECT_EQ((*read)->record.text("date"), "2024-01-04");
    auto count = store_->count_current(Kind::Activity);
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 2);

    // A rolled back bulk load leaves nothing, and the connection goes on.
    ASSERT_TRUE(store_->begin());
    ASSERT_TRUE(loader->begin_bulk_load());
    ASSERT_TRUE(store_->write_new(activity("A3", "huisbezoek", "2024-01-05"), meta));
    store_->rollback();
    ASSERT_TRUE(write_version(*store_, activity("A4", "huisbezoek", "2024-01-06"), 2));
    auto gone = store_->current(Kind::Activity, "A3");
    ASSERT_TRUE(gone);
    EXPECT_FALSE(gone->has_value());
    count = store_->count_current(Kind::Activity);
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 3);
}

TEST_F(PostgresStore, StagedRowsPassThePolicyAndTheirFailureFailsTheTransaction) {
    // COPY itself cannot fill a table under row-level security; the staged
    // rows reach the table through an INSERT that the policy judges, row by
    // row, as it judges Grip's single INSERTs.
    const std::string columns = "municipality, tally, subject, month, area, n";
    auto member = [](const std::string& municipality, int64_t subject) {
        return Params()
            .add(std::string_view(municipality))
            .add(int64_t{1})
            .add(subject)
            .add(int64_t{3})
            .add(int64_t{0})
            .add(int64_t{1});
    };
    auto conn = raw_connection(db_.url(), "GM0518");
    ASSERT_TRUE(conn->exec("BEGIN"));
    ASSERT_TRUE(conn->stage("tally_member", columns, member("GM0518", 1)));
    ASSERT_TRUE(conn->stage("tally_member", columns, member("GM0599", 2)));
    auto foreign = conn->flush_staged();
    ASSERT_FALSE(foreign);
    EXPECT_NE(foreign.error().message.find("row-level security"), std::string::npos) << foreign.error().message;
    conn->rollback();

    // A row that breaks a key fails as its INSERT would: a conflict, at the latest at commit.
    ASSERT_TRUE(conn->exec("BEGIN"));
    ASSERT_TRUE(conn->stage("tally_member", columns, member("GM0518", 1)));
    ASSERT_TRUE(conn->stage("tally_member", columns, member("GM0518", 1)));
    auto twice = conn->commit();
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict) << twice.error().message;
    conn->rollback();

    // One table's rows take one list of columns.
    ASSERT_TRUE(conn->exec("BEGIN"));
    ASSERT_TRUE(conn->stage("tally_member", columns, member("GM0518", 1)));
    auto mixed = conn->stage("tally_member", "n", Params().add(int64_t{1}));
    ASSERT_FALSE(mixed);
    EXPECT_EQ(mixed.error().code, ErrorCode::Invalid);
    conn->rollback();

    auto left = conn->run("SELECT count(*) FROM tally_member");
    ASSERT_TRUE(left) << left.error().message;
    EXPECT_EQ(left->int64(0, 0), 0);
}

TEST_F(PostgresStore, TheSameRecordIdInTwoMunicipalitiesIsTwoRecords) {
    auto opened = storage::open_store(db_.url(), "GM0518");
    ASSERT_TRUE(opened) << opened.error().message;
    storage::Store& rotterdam = *store_;
    storage::Store& eindhoven = **opened;
    EXPECT_EQ(eindhoven.municipality(), "GM0518");

    for (auto [store, type] : {std::pair{&rotterdam, "huisbezoek"}, std::pair{&eindhoven, "spreekuur"}}) {
        ASSERT_TRUE(store->begin());
        auto delivery = store->start_delivery({"a.ndjson", "ndjson", "same-hash", 0});
        ASSERT_TRUE(delivery) << delivery.error().message;
        ASSERT_TRUE(write_version(*store, activity("A1", type, "2024-01-02"), *delivery));
        ASSERT_TRUE(write_version(*store, activity("A1", type, "2024-02-03"), *delivery));
        ASSERT_TRUE(store->finish_delivery(*delivery, {}, "committed"));
        storage::CellDeltas deltas;
        deltas[storage::CellKey{1, 2024, 0, ""}] = store == &rotterdam ? 5 : 7;
        ASSERT_TRUE(store->add_cells(deltas));
        ASSERT_TRUE(store->set_report_text(2024, "intro", type));
        ASSERT_TRUE(store->commit());
    }

    for (auto [store, type] : {std::pair{&rotterdam, "huisbezoek"}, std::pair{&eindhoven, "spreekuur"}}) {
        SCOPED_TRACE(store->municipality());
        auto current = store->current(Kind::Activity, "A1");
        ASSERT_TRUE(current && current->has_value());
        EXPECT_EQ((*current)->record.text("type"), type);
        EXPECT_EQ((*current)->seq, 2);
        auto history = store->history(Kind::Activity, "A1");
        ASSERT_TRUE(history) << history.error().message;
        ASSERT_EQ(history->size(), 2u);
        EXPECT_EQ((*history)[0].fields.at("type").as_string(), type);
        EXPECT_EQ((*history)[0].fields.at("date").as_string(), "2024-01-02");
        EXPECT_EQ(store->count_current(Kind::Activity).value(), 1);
        auto cells = store->cells({2024}, {});
        ASSERT_TRUE(cells) << cells.error().message;
        ASSERT_EQ(cells->size(), 1u);
        EXPECT_EQ((*cells)[0].second, store == &rotterdam ? 5 : 7);
        auto texts = store->report_texts(2024);
        ASSERT_TRUE(texts && texts->size() == 1u);
        EXPECT_EQ((*texts)[0].text, type);
        auto deliveries = store->deliveries();
        ASSERT_TRUE(deliveries);
        EXPECT_EQ(deliveries->size(), 1u);
        auto again = store->delivery_with_hash("same-hash");
        ASSERT_TRUE(again && again->has_value());
        EXPECT_EQ((*again)->id, (*deliveries)[0].id);
        auto listed = store->list_current(Kind::Activity, {}, "", 10);
        ASSERT_TRUE(listed) << listed.error().message;
        ASSERT_EQ(listed->size(), 1u);
        EXPECT_EQ((*listed)[0].record.text("type"), type);
    }

    // Cases: the other municipality's case is not there.
    storage::CaseRow c;
    c.type = "t";
    c.subject_kind = "activity";
    c.subject_id = "A1";
    c.state = "open";
    c.opened_on = c.state_since = "2024-01-02";
    c.version = 1;
    auto case_599 = rotterdam.add_case(c);
    auto case_518 = eindhoven.add_case(c);
    ASSERT_TRUE(case_599 && case_518);
    ASSERT_TRUE(rotterdam.add_case_event({*case_599, 1, "2024-01-02T10:00:00Z", "jan", "open", "", "open", "{}"}));
    EXPECT_TRUE(rotterdam.case_by_id(*case_599).value().has_value());
    EXPECT_FALSE(rotterdam.case_by_id(*case_518).value().has_value());
    EXPECT_FALSE(eindhoven.case_by_id(*case_599).value().has_value());
    EXPECT_EQ(eindhoven.cases({}).value().size(), 1u);
    EXPECT_TRUE(eindhoven.case_events(*case_599).value().empty());
    EXPECT_EQ(rotterdam.case_events(*case_599).value().size(), 1u);
    c.id = *case_599;
    c.version = 2;
    auto foreign = eindhoven.update_case(c, 1);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, ErrorCode::Conflict);

    // Under every municipality: everything is seen, nothing of a municipality is written.
    auto all = storage::open_store(db_.url(), storage::kEveryMunicipality);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ((*all)->count_current(Kind::Activity).value(), 2);
    EXPECT_EQ((*all)->deliveries().value().size(), 2u);
    EXPECT_EQ((*all)->municipalities().value(), (std::vector<std::string>{"GM0518", "GM0599"}));
    EXPECT_EQ(rotterdam.municipalities().value(), (std::vector<std::string>{"GM0599"}));
    auto refused = write_version(**all, activity("A1", "huisbezoek", "2024-03-04"), 1);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    EXPECT_EQ((*all)->set_report_text(2024, "intro", "x").error().code, ErrorCode::Invalid);
    EXPECT_EQ((*all)->add_case(c).error().code, ErrorCode::Invalid);

    // The integrity check sees every row and leaves the scope as it was.
    auto integrity = rotterdam.integrity_check();
    ASSERT_TRUE(integrity) << integrity.error().message;
    EXPECT_EQ(*integrity, "ok");
    EXPECT_EQ(rotterdam.municipality(), "GM0599");
    EXPECT_EQ(rotterdam.count_current(Kind::Activity).value(), 1);
    EXPECT_EQ(eindhoven.current(Kind::Activity, "A1").value().value().record.text("type"), "spreekuur");
}

TEST_F(PostgresStore, UsersAndTokensAreListedForTheirMunicipality) {
    auto opened = storage::open_store(db_.url(), "GM0518");
    ASSERT_TRUE(opened) << opened.error().message;
    storage::Store& eindhoven = **opened;
    auto jan = store_->add_user(user("jan"));
    ASSERT_TRUE(jan) << jan.error().message;
    auto piet = eindhoven.add_user(user("piet", "GM0518"));
    ASSERT_TRUE(piet) << piet.error().message;
    // Names are unique in the whole installation.
    auto taken = eindhoven.add_user(user("JAN", "GM0518"));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
    auto elsewhere = store_->add_user(user("kees", "GM0518"));
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, ErrorCode::Invalid);

    for (auto [store, id] : {std::pair{store_.get(), *jan}, std::pair{&eindhoven, *piet}}) {
        ASSERT_TRUE(store->add_api_token({0, id, "export", fmt::format("hash-{}", id), 1700000000, 1800000000, false}));
        auto users = store->users();
        ASSERT_TRUE(users) << users.error().message;
        ASSERT_EQ(users->size(), 1u);
        EXPECT_EQ((*users)[0].id, id);
        EXPECT_EQ((*users)[0].municipality, store->municipality());
        auto tokens = store->api_tokens();
        ASSERT_TRUE(tokens) << tokens.error().message;
        ASSERT_EQ(tokens->size(), 1u);
        EXPECT_EQ((*tokens)[0].user, id);
    }
    // Signing in comes before the scope: a user is found from any municipality.
    auto found = eindhoven.user_by_name("jan");
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->municipality, "GM0599");
    EXPECT_TRUE(eindhoven.api_token_by_hash(fmt::format("hash-{}", *jan)).value().has_value());
}

TEST_F(PostgresStore, MigrationFiveGivesTheRowsOfAnOlderStoreToItsHome) {
    TestDatabase old;
    {
        auto conn = raw_connection(old.url(), "");
        auto version = storage::postgres::migrate(*conn, storage::kEveryMunicipality, 4);
        ASSERT_TRUE(version) << version.error().message;
        ASSERT_EQ(*version, 4);
        // A store of schema 4 as it was written: no municipality anywhere.
        ASSERT_TRUE(conn->exec(R"sql(
INSERT INTO delivery(source, format, content_hash, started_at, status)
  VALUES('a.ndjson', 'ndjson', 'h', '2024-01-02T10:00:00Z', 'committed');
INSERT INTO rec_activity(id, seq, delivery, hash, recorded_at, type, date)
  VALUES('A1', 2, 1, '\x00', '2024-01-02T10:00:00Z', 'huisbezoek', '2024-02-03');
INSERT INTO history(kind, id, seq, delivery, withdrawn, hash, body, recorded_at)
  VALUES('activity', 'A1', 1, 1, 0, '\x00', '{"type": "huisbezoek", "date": "2024-01-02"}', '2024-01-02T10:00:00Z');
INSERT INTO tally_cell(period, area, tally, value, n) VALUES(2024, 0, 1, '', 5);
INSERT INTO report_text(year, block, text, updated_at) VALUES(2024, 'intro', 'tekst', '2024-01-02T10:00:00Z');
INSERT INTO "user"(name, role, password_hash, created_at) VALUES('jan', 'beheer', 'x', 1700000000);
INSERT INTO case_file(type, subject_kind, subject_id, state, opened_on, state_since, version)
  VALUES('t', 'activity', 'A1', 'open', '2024-01-02', '2024-01-02', 1);
INSERT INTO case_event(case_id, seq, at, actor, action, from_state, to_state, data)
  VALUES(1, 1, '2024-01-02T10:00:00Z', 'jan', 'open', '', 'open', '{}');
)sql"));
    }
    // Whose the rows are cannot be told under every municipality.
    auto every = storage::open_store(old.url(), storage::kEveryMunicipality);
    ASSERT_FALSE(every);
    EXPECT_EQ(every.error().code, ErrorCode::Invalid);
    EXPECT_NE(every.error().message.find("--municipality"), std::string::npos) << every.error().message;

    auto opened = storage::open_store(old.url(), "GM0599");
    ASSERT_TRUE(opened) << opened.error().message;
    storage::Store& home = **opened;
    EXPECT_EQ(home.meta("schema_version").value().value_or(""), std::to_string(storage::postgres::schema_version()));
    auto current = home.current(Kind::Activity, "A1");
    ASSERT_TRUE(current && current->has_value());
    EXPECT_EQ((*current)->seq, 2);
    EXPECT_EQ(home.history(Kind::Activity, "A1").value().size(), 2u);
    EXPECT_EQ(home.cells({2024}, {}).value().size(), 1u);
    EXPECT_EQ(home.report_texts(2024).value().size(), 1u);
    EXPECT_EQ(home.deliveries().value().size(), 1u);
    EXPECT_TRUE(home.case_by_id(1).value().has_value());
    EXPECT_EQ(home.case_events(1).value().size(), 1u);
    auto users = home.users();
    ASSERT_TRUE(users && users->size() == 1u);
    EXPECT_EQ((*users)[0].municipality, "GM0599");
    auto integrity = home.integrity_check();
    ASSERT_TRUE(integrity) << integrity.error().message;
    EXPECT_EQ(*integrity, "ok");

    auto other = storage::open_store(old.url(), "GM0518");
    ASSERT_TRUE(other) << other.error().message;
    EXPECT_FALSE((*other)->current(Kind::Activity, "A1").value().has_value());
    EXPECT_TRUE((*other)->deliveries().value().empty());
    EXPECT_TRUE((*other)->users().value().empty());
    EXPECT_FALSE((*other)->case_by_id(1).value().has_value());
    auto raw = raw_connection(old.url(), "GM0518");
    EXPECT_EQ(raw->run("SELECT count(*) FROM history").value().int64(0, 0), 0);
    // The events kept their guard.
    EXPECT_EQ(old.run("SET app.municipality = 'GM0599'; DELETE FROM case_event"),
              "the history of a case is never removed");
}

}  // namespace
}  // namespace grip::testing
