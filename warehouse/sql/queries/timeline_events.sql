-- The `$limit` most confident drawable rows. DuckDB keeps only `$limit` rows while it scans (a
-- top-N), so memory does not grow with the rows matched; timeline_events_count.sql counts them.
{drawable}
SELECT *
FROM drawable
ORDER BY confidence DESC NULLS LAST, earliest, latest, article_id, event_index
LIMIT $limit
