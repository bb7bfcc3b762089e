// The PostgreSQL store against a real server: what is particular to it (a
// missing database is made, an expected refusal does not abort the
// transaction, case history is guarded by triggers, rows move in by COPY)
// and that it stores exactly what the SQLite store stores. Runs when
// GRIP_TEST_POSTGRES names a server (postgresql://user@host:port, see
// scripts/test-postgres); skipped otherwise.

#include <cstdlib>
#include <random>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "test_support.h"

namespace grip::testing {
namespace {
namespace json = boost::json;
using records::Kind;

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

    storage::UserRow user(const std::string& name) {
        storage::UserRow u;
        u.name = name;
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
    EXPECT_EQ(**version, "4");
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
    EXPECT_EQ(db_.run("UPDATE case_event SET actor = 'piet'"), "the history of a case is never changed");
    EXPECT_EQ(db_.run("DELETE FROM case_event"), "the history of a case is never removed");
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
    const std::vector<indicators::MemberRow> twice = {{1, 1, 1}, {1, 1, 2}};
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
                        Cell{Cell::Type::Int, 0, 0, {}}, Cell{Cell::Type::Int, 1700000000, 0, {}}});
    }
    auto columns = store_->columns("user");
    ASSERT_TRUE(columns);
    EXPECT_EQ(*columns, (std::vector<std::string>{"id", "name", "role", "organisation", "locations", "password_hash",
                                                  "disabled", "created_at"}));
    ASSERT_TRUE(store_->append_rows("user", *columns, rows));
    std::vector<storage::Row> subjects = {{Cell{Cell::Type::Int, 4, 0, {}}, Cell{Cell::Type::Bytes, 0, 0, std::string("\x00\x01\xff", 3)}}};
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
    for (const auto& [k, n] : *cells) out += fmt::format("cell {} {} {} {} = {}\n", k.tally, k.period, k.area, k.value, n);
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

}  // namespace
}  // namespace grip::testing
