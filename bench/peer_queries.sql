-- The indicators peer: plain SQL on the peer databases of bench/run (tables
-- of bench/peer_schema.sql, rows from bench/ndjson_to_csv.py), in the SQL that
-- SQLite and PostgreSQL both read. bench/run creates the temporary table
-- `span` (the first and last day: 1 January of the year before, 31 December
-- of the year) and turns the timer on before this file:
--
--   sqlite3 -cmd "CREATE TEMP TABLE span AS SELECT '2022-01-01' AS first_day, '2023-12-31' AS last_day" \
--           -cmd '.output /dev/null' -cmd '.timer on' peer.db < bench/peer_queries.sql
--   psql -X -c "CREATE TEMP TABLE span AS ..." -c '\timing on' -c '\o /dev/null' -f bench/peer_queries.sql peer
--
-- The same kind of figures grip's compute_many gives for a year: per activity
-- type the number of activities, the people reached (`count`), distinct
-- persons (one per BSN, as grip counts them) and distinct addresses, for
-- every month, quarter and year of the year and of the year before (grip
-- shows each period with its previous one), for the city, every wijk, every
-- buurt and priority/rest. An activity's area is its own, else its
-- address's, else its location's, as in the exchange format. 12 queries: 3
-- kinds of period x 4 kinds of area, after the view (timed too, ~0 ms).
--
-- Not done here (grip does them): attribute filters (e.g. DigiD activated),
-- distributions, shares, capacity and activities active at a date; so this
-- is a lower bound of the SQL work for grip's 31 indicators.
--
-- An empty CSV cell is an empty text in SQLite's `.import` and NULL in
-- PostgreSQL's COPY: `nullif(CAST(x AS TEXT), '')` reads both as NULL.

CREATE TEMP VIEW act AS
SELECT a.type AS type,
       a.date AS date,
       CAST(nullif(CAST(a.count AS TEXT), '') AS INTEGER) AS reached,
       coalesce(nullif(p.bsn, ''), nullif(a.person, '')) AS who,
       nullif(a.address, '') AS address,
       ar.code AS area, ar.level AS level, ar.parent AS parent, ar.priority AS priority
FROM activity a
LEFT JOIN person p ON p.id = nullif(a.person, '')
LEFT JOIN address d ON d.id = nullif(a.address, '')
LEFT JOIN location l ON l.id = nullif(a.location, '')
LEFT JOIN area ar ON ar.code = coalesce(nullif(a.area, ''), nullif(d.area, ''), nullif(l.area, ''))
WHERE a.date BETWEEN (SELECT first_day FROM span) AND (SELECT last_day FROM span);

-- city
SELECT type, substr(date, 1, 7) AS period, count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act GROUP BY 1, 2;
SELECT type, substr(date, 1, 4) || '-Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) AS period,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act GROUP BY 1, 2;
SELECT type, substr(date, 1, 4) AS period, count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act GROUP BY 1, 2;

-- every wijk (a buurt counts in its wijk)
SELECT type, substr(date, 1, 7) AS period, CASE level WHEN 'wijk' THEN area ELSE parent END AS wijk,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) || '-Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) AS period,
       CASE level WHEN 'wijk' THEN area ELSE parent END AS wijk,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) AS period, CASE level WHEN 'wijk' THEN area ELSE parent END AS wijk,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;

-- every buurt
SELECT type, substr(date, 1, 7) AS period, area,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level = 'buurt' GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) || '-Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) AS period, area,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level = 'buurt' GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) AS period, area,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level = 'buurt' GROUP BY 1, 2, 3;

-- priority buurten versus the rest of the city
SELECT type, substr(date, 1, 7) AS period, CASE WHEN priority = 'true' THEN 'priority' ELSE 'rest' END AS grp,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) || '-Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) AS period,
       CASE WHEN priority = 'true' THEN 'priority' ELSE 'rest' END AS grp,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;
SELECT type, substr(date, 1, 4) AS period, CASE WHEN priority = 'true' THEN 'priority' ELSE 'rest' END AS grp,
       count(*), sum(reached), count(DISTINCT who), count(DISTINCT address)
FROM act WHERE level IN ('wijk', 'buurt') GROUP BY 1, 2, 3;
