-- How many rows are drawable before the limit. A count of its own: a window count(*) OVER ()
-- in timeline_events.sql would hold every matching row in memory.
{drawable}
SELECT count(*) AS matched
FROM drawable
