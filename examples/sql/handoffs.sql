-- valuestream: the direct handoff table of an event log, in standard SQL.
--
-- Run the heavy part where the log lives (SQLite, PostgreSQL, DuckDB,
-- Trino, Spark SQL, ...) and analyse the small result with valuestream:
-- the rows below are exactly what `valuestream mine` computes with its
-- default options (direct handovers, every transfer counted, no
-- self-handovers), so `from,to,volume` can be written to handoffs.csv.
--
-- Input: a table or view named `events`, one row per event, with
--   case_id   the case (ticket, order, incident)
--   team      the team that did the event; NULL or '' = none (skipped,
--             as the C miner skips events without a team)
--   ts        the event's instant as a number of seconds (any epoch; it
--             must be an instant, so convert zones first)
--   row_no    the row's position in the log: events at the same instant
--             keep this order, as the C miner keeps file order
--   customer  the case's customer; NULL or '' = none
-- examples/sql/events-sqlite.sql defines it for SQLite over an imported
-- CSV log, events-postgres.sql for psql over a CSV log (gzip or not); for
-- other engines, for example:
--   PostgreSQL/DuckDB: EXTRACT(EPOCH FROM CAST(ts_text AS TIMESTAMPTZ)) AS ts
--                      (after SET TIME ZONE 'UTC', so that times without a
--                      zone are UTC, as in the C miner)
--   Trino:             to_unixtime(from_iso8601_timestamp(ts_text)) AS ts
--   Spark SQL:         unix_micros(to_timestamp(ts_text)) / 1e6 AS ts
-- and a row number from the file (a line-number column) as row_no.
--
-- Output, one row per pair:
--   from_team, to_team   provider and receiver (to_team may be a customer)
--   volume               transfers: changes of team within a case, in order
--                        of (ts, row_no); for a customer, cases ending there
--   cases                cases with at least one such transfer
--   lead_time_days       the median time from the provider's last event
--                        to the receiver's first, in days (the mean of the
--                        two middle values for an even count); NULL for
--                        customers
-- Named as in handoffs.csv except from_team and to_team (FROM and TO are
-- SQL keywords): rename those two to load the result as handoffs.csv.
-- The median uses only ROW_NUMBER and COUNT windows, so it runs on every
-- engine; where PERCENTILE_CONT exists, it gives the same numbers (and
-- the p90 the C miner also reports):
--   PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY lead_days)
-- Checked by the test suite on SQLite 3.40 and PostgreSQL 15: both equal
-- to the C miner on tests/data/mine/log.csv and the Acme log.

WITH team_events AS (
  SELECT case_id, team, ts, row_no
  FROM events
  WHERE team IS NOT NULL AND team <> ''
),
steps AS (
  -- each event beside the one before and after it in its case
  SELECT case_id, team, ts,
         LAG(team) OVER (PARTITION BY case_id ORDER BY ts, row_no) AS prev_team,
         LAG(ts) OVER (PARTITION BY case_id ORDER BY ts, row_no) AS prev_ts,
         LEAD(team) OVER (PARTITION BY case_id ORDER BY ts, row_no) AS next_team
  FROM team_events
),
case_customers AS (
  SELECT case_id, MAX(customer) AS customer
  FROM events
  WHERE customer IS NOT NULL AND customer <> ''
  GROUP BY case_id
),
transfers AS (
  -- every change of team
  SELECT case_id, prev_team AS from_team, team AS to_team,
         (ts - prev_ts) / 86400.0 AS lead_days
  FROM steps
  WHERE prev_team IS NOT NULL AND prev_team <> team
  UNION ALL
  -- the last team of a case hands it to the case's customer
  SELECT s.case_id, s.team, c.customer, NULL
  FROM steps s JOIN case_customers c ON c.case_id = s.case_id
  WHERE s.next_team IS NULL
),
ranked AS (
  SELECT from_team, to_team, lead_days,
         ROW_NUMBER() OVER (PARTITION BY from_team, to_team ORDER BY lead_days) AS r,
         COUNT(*) OVER (PARTITION BY from_team, to_team) AS n
  FROM transfers
  WHERE lead_days IS NOT NULL
),
medians AS (
  -- the middle one (n odd) or two (n even): 2r in n .. n + 2
  SELECT from_team, to_team, AVG(lead_days) AS lead_time_days
  FROM ranked
  WHERE 2 * r BETWEEN n AND n + 2
  GROUP BY from_team, to_team
)
SELECT t.from_team, t.to_team,
       COUNT(*) AS volume,
       COUNT(DISTINCT t.case_id) AS cases,
       m.lead_time_days
FROM transfers t
LEFT JOIN medians m ON m.from_team = t.from_team AND m.to_team = t.to_team
GROUP BY t.from_team, t.to_team, m.lead_time_days
ORDER BY volume DESC, t.from_team, t.to_team;
