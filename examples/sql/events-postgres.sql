-- valuestream: the `events` view handoffs.sql reads, for PostgreSQL, over
-- a CSV event log with the process-mining column names. With psql:
--
--   psql -X --csv -v log=log.csv -f events-postgres.sql -f handoffs.sql
--   psql -X --csv -v log=log.csv.gz -v people=people.csv \
--        -f events-postgres.sql -f handoffs.sql > handoffs.csv
--
-- The log is read where psql runs (\copy: no superuser, no file access on
-- the server), plain or gzip-compressed (known by its content, whatever
-- its name), through `gzip -dcf`: psql needs a Unix shell with gzip and
-- head. Its header names the columns, in any order, as the miner's
-- defaults do (include/valuestream/mine.h): case:concept:name and
-- time:timestamp, org:group or org:resource or both, case:customer if
-- any; other columns are read and ignored. An event's team is the
-- miner's: its org:group; where that is empty, with -v people=PATH (a CSV
-- with columns resource and team, as for `valuestream mine --map`), the
-- team of its org:resource (unmapped people get none); in a log without
-- org:group and no people map, its org:resource. Events without a team
-- are skipped.
--
-- SET TIME ZONE 'UTC': times without a zone are UTC, as in the C miner;
-- ts is EXTRACT(EPOCH FROM time::timestamptz), exact to the microsecond.
-- row_no is an identity column that \copy fills in file order. Text is
-- COLLATE "C" (bytes, as SQLite compares), so the result's rows come in
-- SQLite's order. Everything is temporary: the tables log and people
-- (columns c1, c2, ... in the file's order) and the view events. An error
-- (an unreadable file, a missing column, a bad time) stops psql with
-- exit status 3: the script sets ON_ERROR_STOP.

\set ON_ERROR_STOP on
\set vs_quiet :QUIET
\set QUIET on
SET TIME ZONE 'UTC';

\if :{?log}
\else
DO $$ BEGIN RAISE EXCEPTION 'events-postgres.sql: no log: run psql with -v log=PATH'; END $$;
\endif
\set log_header `gzip -dcf -- :'log' | head -n 1`
\if :{?people}
\set people_header `gzip -dcf -- :'people' | head -n 1`
\else
\set people ''
\set people_header ''
\endif

-- Each file's header, split into its fields (quotes as in CSV; a first
-- byte-order mark and a line's \r dropped; names trimmed, as the miner
-- trims them); a column's number is its place in the file.
CREATE TEMP VIEW vs_header AS
WITH files (file, path, header) AS (
  VALUES ('log', :'log', :'log_header'), ('people', :'people', :'people_header')
)
SELECT file, path, i::int AS i,
       btrim(CASE WHEN f LIKE '"%' THEN replace(substr(f, 2, length(f) - 2), '""', '"')
                  ELSE f END) AS name
FROM files,
     regexp_matches(rtrim(ltrim(header, U&'\FEFF'), E'\r'),
                    '(?:^|,)("(?:[^"]|"")*"|[^,]*)', 'g') WITH ORDINALITY AS m(fields, i),
     LATERAL (SELECT fields[1] AS f) AS field
WHERE path <> '';

-- Check the headers, then make a table of text columns c1 .. cN per file
-- (the log's also numbers its rows) and the view, from the columns found.
DO $$
DECLARE
  col jsonb;
  problem text;
  ddl text;
  team text[] := '{}';
  join_people text := '';
BEGIN
  SELECT format('events-postgres.sql: %s: cannot read it, or its header is empty', path)
  INTO problem FROM vs_header GROUP BY path HAVING bool_and(name = '') LIMIT 1;
  SELECT jsonb_object_agg(file || ':' || name, i) INTO col
  FROM (SELECT DISTINCT ON (file, name) file, name, i FROM vs_header ORDER BY file, name, i) AS f;
  problem := coalesce(problem, CASE
    WHEN NOT (col ? 'log:case:concept:name' AND col ? 'log:time:timestamp')
      THEN 'events-postgres.sql: the log''s header lacks case:concept:name or time:timestamp'
    WHEN NOT (col ? 'log:org:group' OR col ? 'log:org:resource')
      THEN 'events-postgres.sql: the log''s header has neither org:group nor org:resource'
    WHEN EXISTS (SELECT FROM vs_header WHERE file = 'people')
         AND NOT (col ? 'people:resource' AND col ? 'people:team')
      THEN 'events-postgres.sql: a people map has the columns resource and team' END);
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION '%', problem;
  END IF;

  FOR ddl IN
    SELECT format('CREATE TEMP TABLE %I (%s%s)', file,
                  string_agg(format('c%s text COLLATE "C"', i), ', ' ORDER BY i),
                  CASE file WHEN 'log' THEN ', row_no bigint GENERATED ALWAYS AS IDENTITY' END)
    FROM vs_header GROUP BY file
  LOOP
    EXECUTE ddl;
  END LOOP;

  -- the team: org:group; where that is empty, the person's team in the
  -- map; without a map, in a log without org:group, the person
  IF col ? 'log:org:group' THEN
    team := team || format('NULLIF(log.c%s, %L)', col->>'log:org:group', '');
  END IF;
  IF col ? 'people:team' THEN
    IF col ? 'log:org:resource' THEN
      team := team || format('NULLIF(people.c%s, %L)', col->>'people:team', '');
      join_people := format(' LEFT JOIN people ON people.c%s = log.c%s',
                            col->>'people:resource', col->>'log:org:resource');
    END IF;
  ELSIF NOT col ? 'log:org:group' THEN
    team := team || format('NULLIF(log.c%s, %L)', col->>'log:org:resource', '');
  END IF;
  EXECUTE format('CREATE TEMP VIEW events AS
    SELECT log.c%s AS case_id, COALESCE(%s) AS team,
           EXTRACT(EPOCH FROM CAST(log.c%s AS TIMESTAMPTZ)) AS ts,
           log.row_no AS row_no, %s AS customer
    FROM log%s',
    col->>'log:case:concept:name', array_to_string(team || 'NULL'::text, ', '),
    col->>'log:time:timestamp', coalesce('log.c' || (col->>'log:case:customer'), 'NULL'),
    join_people);
END $$;

-- Each file's \copy command in a psql variable (the one way to give \copy
-- a computed file name): gzip -dcf with the path quoted for the shell.
SELECT max(cmd) FILTER (WHERE file = 'log') AS vs_copy_log,
       coalesce(max(cmd) FILTER (WHERE file = 'people'), '') AS vs_copy_people
FROM (SELECT file,
             format('\copy %s (%s) FROM PROGRAM ''%s'' WITH (FORMAT csv, HEADER true)', file,
                    string_agg('c' || i, ', ' ORDER BY i),
                    replace('gzip -dcf -- ''' || replace(path, '''', '''"''"''') || '''',
                            '''', '''''')) AS cmd
      FROM vs_header GROUP BY file, path) AS commands \gset
:vs_copy_log
:vs_copy_people

DROP VIEW vs_header;
\set QUIET :vs_quiet
