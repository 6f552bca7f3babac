-- valuestream: the `events` view handoffs.sql reads, for SQLite, over a
-- CSV event log with the process-mining column names. In the sqlite3 shell:
--
--   .import --csv log.csv log
--   .import --csv people.csv people     -- only with a people map
--   .read events-sqlite.sql
--   .headers on
--   .mode csv
--   .read handoffs.sql
--
-- .import keeps the file's order in rowid, which breaks ties in time.
-- julianday() reads ISO 8601 with or without a zone (none = UTC), so ts
-- is an instant. A log without org:group uses the people map instead:
--   LEFT JOIN people p ON p.resource = log."org:resource"
-- with p.team as the team (unmapped people get NULL and are skipped).

CREATE TEMP VIEW events AS
SELECT "case:concept:name" AS case_id,
       "org:group" AS team,
       (julianday("time:timestamp") - 2440587.5) * 86400.0 AS ts,
       rowid AS row_no,
       "case:customer" AS customer
FROM log;
