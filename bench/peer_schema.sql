-- The sqlite3 peer's tables (bench/run): the same rows as grip imports, as
-- CSV (bench/ndjson_to_csv.py). `activity` is a plain table without keys or
-- indexes, as a raw `.import` makes it; the small lookup tables get a primary
-- key so that the peer's queries can join them (their import is reported
-- apart and not counted in the peer's rows/s).
CREATE TABLE activity (
    id TEXT, type TEXT, date TEXT, end_date TEXT, person TEXT, address TEXT, organisation TEXT,
    location TEXT, area TEXT, parent TEXT, count INTEGER, attributes TEXT
);
CREATE TABLE person (id TEXT PRIMARY KEY, bsn TEXT, nationality TEXT, birth_year INTEGER, brp TEXT);
CREATE TABLE address (id TEXT PRIMARY KEY, postcode TEXT, house_number INTEGER, suffix TEXT, street TEXT,
                      city TEXT, area TEXT);
CREATE TABLE location (id TEXT PRIMARY KEY, type TEXT, name TEXT, area TEXT, capacity INTEGER, opened TEXT,
                       closed TEXT);
CREATE TABLE area (code TEXT PRIMARY KEY, name TEXT, level TEXT, parent TEXT, priority TEXT, inhabitants INTEGER);
