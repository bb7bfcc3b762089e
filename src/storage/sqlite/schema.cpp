#include "storage/sqlite/schema.h"

#include <functional>

#include <fmt/format.h>

namespace grip::storage::sqlite {
using records::FieldType;
using records::Kind;

namespace {

std::string sql_type(FieldType t) {
    switch (t) {
        case FieldType::Int:
        case FieldType::Bool: return "INTEGER";
        case FieldType::Number: return "NUMERIC";
        default: return "TEXT";
    }
}

// Version 1: records with history, deliveries, subjects, maintained figures
// and report text blocks. The record tables follow the exchange format's
// fields as of version 1; a later field needs a migration that adds it.
Status migration_1(Database& db) {
    std::string sql = R"sql(
CREATE TABLE delivery(
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL, format TEXT NOT NULL, content_hash TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL DEFAULT 'running',
  n_read INTEGER NOT NULL DEFAULT 0, n_stored INTEGER NOT NULL DEFAULT 0, n_replaced INTEGER NOT NULL DEFAULT 0,
  n_withdrawn INTEGER NOT NULL DEFAULT 0, n_unchanged INTEGER NOT NULL DEFAULT 0, n_rejected INTEGER NOT NULL DEFAULT 0);
CREATE INDEX delivery_hash ON delivery(content_hash);
CREATE TABLE subject(id INTEGER PRIMARY KEY, pseudonym BLOB NOT NULL UNIQUE);
CREATE TABLE history(
  kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, delivery INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL, hash BLOB NOT NULL, body TEXT NOT NULL, sealed BLOB, recorded_at TEXT NOT NULL,
  PRIMARY KEY(kind, id, seq)) WITHOUT ROWID;
CREATE TABLE tally_member(
  tally INTEGER NOT NULL, subject INTEGER NOT NULL, month INTEGER NOT NULL, area INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(tally, subject, month, area)) WITHOUT ROWID;
CREATE TABLE tally_cell(
  period INTEGER NOT NULL, area INTEGER NOT NULL, tally INTEGER NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(period, area, tally, value)) WITHOUT ROWID;
CREATE TABLE report_text(
  year INTEGER NOT NULL, block TEXT NOT NULL, text TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY(year, block));
)sql";
    for (Kind k : records::kAllKinds) {
        std::string cols;
        for (const auto* f : columns_since(k, 1)) cols += fmt::format(",\n  \"{}\" {}", f->name, sql_type(f->type));
        sql += fmt::format(
            "CREATE TABLE {}(\n  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL,"
            " delivery INTEGER NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0, hash BLOB NOT NULL,"
            " subject INTEGER, sealed BLOB, recorded_at TEXT NOT NULL{});\n",
            table_of(k), cols);
    }
    sql += R"sql(
CREATE INDEX activity_person ON rec_activity(person) WHERE person IS NOT NULL;
CREATE INDEX activity_address ON rec_activity(address) WHERE address IS NOT NULL;
CREATE INDEX activity_location ON rec_activity(location) WHERE location IS NOT NULL;
CREATE INDEX activity_type_date ON rec_activity(type, date);
CREATE INDEX person_subject ON rec_person(subject);
)sql";
    return db.exec(sql);
}

// Version 2: accounts. Users (names compare without case, so that "Jan" and
// "jan" cannot be two accounts), sessions and API tokens stored by the hash of
// their token only, and failed sign-ins for the hourly limit. Times are
// seconds since the Unix epoch, UTC.
Status migration_2(Database& db) {
    return db.exec(R"sql(
CREATE TABLE user(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '', locations TEXT NOT NULL DEFAULT '[]', password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE session(
  id INTEGER PRIMARY KEY, user INTEGER NOT NULL, token_hash TEXT NOT NULL UNIQUE, csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE TABLE api_token(
  id INTEGER PRIMARY KEY, user INTEGER NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE failed_signin(user INTEGER NOT NULL, at INTEGER NOT NULL);
CREATE INDEX failed_signin_user_at ON failed_signin(user, at);
)sql");
}

// Version 3: who sent a delivery through the server, so that a partner sees
// its own deliveries only.
Status migration_3(Database& db) { return db.exec("ALTER TABLE delivery ADD COLUMN user INTEGER NOT NULL DEFAULT 0"); }

// Version 4: casework. Cases with their state, assignment and deadline; their
// history as events that triggers keep from being changed or removed; the
// motions register's new optional fields.
Status migration_4(Database& db) {
    std::string sql = R"sql(
CREATE TABLE case_file(
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
  state TEXT NOT NULL, team TEXT NOT NULL DEFAULT '', assignee TEXT NOT NULL DEFAULT '', area TEXT NOT NULL DEFAULT '',
  opened_on TEXT NOT NULL, state_since TEXT NOT NULL, deadline TEXT NOT NULL DEFAULT '',
  closed INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL, data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX case_subject ON case_file(subject_kind, subject_id);
CREATE INDEX case_open_team ON case_file(closed, team);
CREATE TABLE case_event(
  case_id INTEGER NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  from_state TEXT NOT NULL, to_state TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY(case_id, seq)) WITHOUT ROWID;
CREATE TRIGGER case_event_immutable BEFORE UPDATE ON case_event
  BEGIN SELECT RAISE(ABORT, 'the history of a case is never changed'); END;
CREATE TRIGGER case_event_kept BEFORE DELETE ON case_event
  BEGIN SELECT RAISE(ABORT, 'the history of a case is never removed'); END;
)sql";
    for (Kind k : records::kAllKinds)
        for (const auto* f : columns_since(k, 4))
            sql += fmt::format("ALTER TABLE {} ADD COLUMN \"{}\" {};\n", table_of(k), f->name, sql_type(f->type));
    return db.exec(sql);
}

const std::vector<std::function<Status(Database&)>> kMigrations = {migration_1, migration_2, migration_3,
                                                                   migration_4};

}  // namespace

Result<int> migrate(Database& db) {
    TRY(db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    auto* get = TRY(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'"));
    int version = 0;
    if (TRY(get->step())) version = std::stoi(std::string(get->text(0)));
    get->reset();
    if (version > static_cast<int>(kMigrations.size()))
        return Error::unsupported(fmt::format(
            "the store has schema version {}, newer than this Grip ({}): upgrade Grip", version, kMigrations.size()));
    while (version < static_cast<int>(kMigrations.size())) {
        TRY(db.exec("BEGIN IMMEDIATE"));
        auto step = kMigrations[static_cast<size_t>(version)](db);
        if (!step) {
            (void)db.exec("ROLLBACK");
            return step.take_error();
        }
        ++version;
        auto* set = TRY(db.prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
        TRY(set->bind(1, std::string_view(std::to_string(version))).run());
        TRY(db.exec("COMMIT"));
    }
    return version;
}

}  // namespace grip::storage::sqlite
