#include "storage/sqlite/sqlite_schema.h"

#include <algorithm>
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

// Rebuilds `table` with `definition` (its columns and keys), copying every
// row's `columns` and the municipality `home`; SQLite cannot change a
// table's keys in place. `without_rowid` as the table had it.
Status rebuild(Database& db, std::string_view table, std::string_view definition, std::string_view columns,
               std::string_view home, bool without_rowid = false) {
    return db.exec(
        fmt::format("ALTER TABLE {0} RENAME TO {0}_before_5;\n"
                    "CREATE TABLE {0}({1}){4};\n"
                    "INSERT INTO {0}(municipality, {2}) SELECT '{3}', {2} FROM {0}_before_5;\n"
                    "DROP TABLE {0}_before_5;\n",
                    table, definition, columns, home, without_rowid ? " WITHOUT ROWID" : ""));
}

// Version 5: several municipalities in one installation. Every municipal row
// names its municipality, and a record's id is unique within it; the rows
// already there belong to `home`. Record tables keep their rowids (`rid`),
// which are the areas' stable ids in the figures.
Status migration_5(Database& db, std::string_view home) {
    auto* any =
        TRY(db.prepare("SELECT EXISTS(SELECT 1 FROM delivery) OR EXISTS(SELECT 1 FROM user) "
                       "OR EXISTS(SELECT 1 FROM case_file)"));
    const bool has_rows = TRY(any->step()) && any->int64(0) != 0;
    any->reset();
    if (has_rows && !is_municipality_code(home))
        return Error::invalid(
            "the store was made before municipalities: open it once with the municipality its records belong to "
            "(--municipality GM0599)");
    const std::string fill = is_municipality_code(home) ? std::string(home) : std::string();
    for (Kind k : records::kAllKinds) {
        std::string cols, names = "rid, id, seq, delivery, withdrawn, hash, subject, sealed, recorded_at";
        for (const auto* f : plain_columns(k)) {
            if (f->since > 5) continue;  // added by a later migration
            cols += fmt::format(", \"{}\" {}", f->name, sql_type(f->type));
            names += fmt::format(", \"{}\"", f->name);
        }
        TRY(rebuild(
            db, table_of(k),
            fmt::format("rid INTEGER PRIMARY KEY, municipality TEXT NOT NULL, id TEXT NOT NULL, "
                        "seq INTEGER NOT NULL, delivery INTEGER NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0, "
                        "hash BLOB NOT NULL, subject INTEGER, sealed BLOB, recorded_at TEXT NOT NULL{}, "
                        "UNIQUE(municipality, id)",
                        cols),
            names, fill));
    }
    TRY(rebuild(db, "history",
                "municipality TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, "
                "delivery INTEGER NOT NULL, withdrawn INTEGER NOT NULL, hash BLOB NOT NULL, body TEXT NOT NULL, "
                "sealed BLOB, recorded_at TEXT NOT NULL, PRIMARY KEY(municipality, kind, id, seq)",
                "kind, id, seq, delivery, withdrawn, hash, body, sealed, recorded_at", fill, true));
    TRY(rebuild(db, "tally_member",
                "municipality TEXT NOT NULL, tally INTEGER NOT NULL, subject INTEGER NOT NULL, month INTEGER NOT NULL, "
                "area INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(municipality, tally, subject, month, area)",
                "tally, subject, month, area, n", fill, true));
    TRY(rebuild(db, "tally_cell",
                "municipality TEXT NOT NULL, period INTEGER NOT NULL, area INTEGER NOT NULL, tally INTEGER NOT NULL, "
                "value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(municipality, period, area, tally, value)",
                "period, area, tally, value, n", fill, true));
    TRY(rebuild(db, "report_text",
                "municipality TEXT NOT NULL, year INTEGER NOT NULL, block TEXT NOT NULL, text TEXT NOT NULL, "
                "updated_at TEXT NOT NULL, PRIMARY KEY(municipality, year, block)",
                "year, block, text, updated_at", fill));
    // Tables whose keys stay: a new column, filled. The case history's
    // triggers refuse every UPDATE, so they step aside for this one.
    return db.exec(fmt::format(R"sql(
CREATE INDEX activity_person ON rec_activity(person) WHERE person IS NOT NULL;
CREATE INDEX activity_address ON rec_activity(address) WHERE address IS NOT NULL;
CREATE INDEX activity_location ON rec_activity(location) WHERE location IS NOT NULL;
CREATE INDEX activity_type_date ON rec_activity(municipality, type, date);
CREATE INDEX person_subject ON rec_person(subject);
ALTER TABLE delivery ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
UPDATE delivery SET municipality = '{0}';
DROP INDEX delivery_hash;
CREATE INDEX delivery_hash ON delivery(municipality, content_hash);
ALTER TABLE user ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
UPDATE user SET municipality = '{0}';
ALTER TABLE case_file ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
UPDATE case_file SET municipality = '{0}';
DROP INDEX case_subject;
CREATE INDEX case_subject ON case_file(municipality, subject_kind, subject_id);
ALTER TABLE case_event ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
DROP TRIGGER case_event_immutable;
UPDATE case_event SET municipality = '{0}';
CREATE TRIGGER case_event_immutable BEFORE UPDATE ON case_event
  BEGIN SELECT RAISE(ABORT, 'the history of a case is never changed'); END;
)sql",
                               fill));
}

// Version 6: reference grants (Store::grant_reference): the persons and
// addresses an own-scope user registered or found by BSN, which the user may
// refer to for a while before an activity of theirs does.
Status migration_6(Database& db) {
    return db.exec(R"sql(
CREATE TABLE reference_grant(
  municipality TEXT NOT NULL, user INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY(municipality, user, kind, id)) WITHOUT ROWID;
)sql");
}

// Version 7: a user's kind. Users so far are people; partner systems are
// made as such.
Status migration_7(Database& db) {
    return db.exec(
        "ALTER TABLE user ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK(kind IN ('person', 'system'))");
}

// Version 8: retention. A case's history is never changed, except that
// the texts of a closed case past its retention period are replaced, once,
// by the marker below (Store::erase_case_texts): the trigger lets exactly
// that update through and nothing else.
Status migration_8(Database& db) {
    return db.exec(fmt::format(R"sql(
DROP TRIGGER case_event_immutable;
CREATE TRIGGER case_event_immutable BEFORE UPDATE ON case_event
  WHEN NOT (NEW.data = '{0}' AND NEW.municipality = OLD.municipality AND NEW.case_id = OLD.case_id
            AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
            AND NEW.from_state = OLD.from_state AND NEW.to_state = OLD.to_state)
  BEGIN SELECT RAISE(ABORT, 'the history of a case is never changed'); END;
)sql",
                               kErasedCaseText));
}

// Version 9 (ASVS level 2 for local accounts): what a session still has to
// do before it may work (a second factor, a forced password change), and
// each user's safeguards beside the password (account_security: a password
// `beheer` reset, the sealed TOTP secret and the last time step used).
Status migration_9(Database& db) {
    return db.exec(R"sql(
ALTER TABLE session ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE TABLE account_security(
  user INTEGER PRIMARY KEY, must_change_password INTEGER NOT NULL DEFAULT 0, totp_secret TEXT NOT NULL DEFAULT '',
  totp_confirmed INTEGER NOT NULL DEFAULT 0, totp_last_step INTEGER NOT NULL DEFAULT 0);
)sql");
}

// Version 10 (people without a BSN): a person's `same_as`, the person
// record of the same human (its birth date and client number are sealed,
// without a column), with an index to find who links to a person.
Status migration_person_links(Database& db) {
    std::string sql;
    for (Kind k : records::kAllKinds)
        for (const auto* f : columns_since(k, records::kPersonLinksSince))
            sql += fmt::format("ALTER TABLE {} ADD COLUMN \"{}\" {};\n", table_of(k), f->name, sql_type(f->type));
    sql += "CREATE INDEX person_same_as ON rec_person(municipality, same_as) WHERE same_as IS NOT NULL;\n";
    return db.exec(sql);
}

// Frozen editions of the report (src/report/edition.h): written once, and
// triggers refuse every change and removal, as they do for a case's history.
Status migration_report_editions(Database& db) {
    return db.exec(R"sql(
CREATE TABLE report_edition(
  id INTEGER PRIMARY KEY, municipality TEXT NOT NULL, year INTEGER NOT NULL, frozen_at TEXT NOT NULL,
  decision_date TEXT NOT NULL DEFAULT '', decision_number TEXT NOT NULL DEFAULT '',
  corrects INTEGER NOT NULL DEFAULT 0, case_id INTEGER NOT NULL DEFAULT 0, content_hash TEXT NOT NULL,
  content TEXT NOT NULL);
CREATE INDEX report_edition_year ON report_edition(municipality, year);
CREATE TRIGGER report_edition_immutable BEFORE UPDATE ON report_edition
  BEGIN SELECT RAISE(ABORT, 'a frozen edition of the report is never changed'); END;
CREATE TRIGGER report_edition_kept BEFORE DELETE ON report_edition
  BEGIN SELECT RAISE(ABORT, 'a frozen edition of the report is never removed'); END;
)sql");
}

// Signals as events (src/signals/events): each signal that appeared or
// ended, numbered, and per user the last one seen (GET /api/v1/signals/new).
Status migration_signal_events(Database& db) {
    return db.exec(R"sql(
CREATE TABLE signal_event(
  id INTEGER PRIMARY KEY, municipality TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL,
  rule TEXT NOT NULL, area TEXT NOT NULL, content TEXT NOT NULL);
CREATE INDEX signal_event_period ON signal_event(municipality, period, id);
CREATE TABLE signal_visit(
  municipality TEXT NOT NULL, user INTEGER NOT NULL, last_event INTEGER NOT NULL, PRIMARY KEY(municipality, user));
)sql");
}

// Area boundaries for the map (grip import --geojson, grip demo): a GeoJSON
// Polygon or MultiPolygon per area code, per municipality.
Status migration_area_geometry(Database& db) {
    return db.exec(R"sql(
CREATE TABLE area_geometry(
  municipality TEXT NOT NULL, code TEXT NOT NULL, geometry TEXT NOT NULL,
  PRIMARY KEY(municipality, code)) WITHOUT ROWID;
)sql");
}

const std::vector<std::function<Status(Database&, std::string_view)>> kMigrations = {
    [](Database& db, std::string_view) { return migration_1(db); },
    [](Database& db, std::string_view) { return migration_2(db); },
    [](Database& db, std::string_view) { return migration_3(db); },
    [](Database& db, std::string_view) { return migration_4(db); },
    migration_5,
    [](Database& db, std::string_view) { return migration_6(db); },
    [](Database& db, std::string_view) { return migration_7(db); },
    [](Database& db, std::string_view) { return migration_8(db); },
    [](Database& db, std::string_view) { return migration_9(db); },
    [](Database& db, std::string_view) { return migration_person_links(db); },
    [](Database& db, std::string_view) { return migration_report_editions(db); },
    [](Database& db, std::string_view) { return migration_signal_events(db); },
    [](Database& db, std::string_view) { return migration_area_geometry(db); }};

}  // namespace

int schema_version() { return static_cast<int>(kMigrations.size()); }

Result<int> migrate(Database& db, std::string_view home, int target) {
    TRY(db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    auto* get = TRY(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'"));
    int version = 0;
    if (TRY(get->step())) version = std::stoi(std::string(get->text(0)));
    get->reset();
    if (version > static_cast<int>(kMigrations.size()))
        return Error::unsupported(
            fmt::format("the store has schema version {}, newer than this Grip ({}): upgrade Grip", version,
                        kMigrations.size()));
    const int last =
        target > 0 ? std::min(target, static_cast<int>(kMigrations.size())) : static_cast<int>(kMigrations.size());
    while (version < last) {
        TRY(db.exec("BEGIN IMMEDIATE"));
        auto step = kMigrations[static_cast<size_t>(version)](db, home);
        if (!step) {
            (void)db.exec("ROLLBACK");
            return step.take_error();
        }
        ++version;
        auto* set =
            TRY(db.prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
        TRY(set->bind(1, std::string_view(std::to_string(version))).run());
        TRY(db.exec("COMMIT"));
    }
    return version;
}

}  // namespace grip::storage::sqlite
