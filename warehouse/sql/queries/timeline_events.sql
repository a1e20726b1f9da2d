-- Events to draw (`timeline plot`, the flow's timeline artifact): rows of the `timeline` view
-- with an interval, filtered by the analyst's WHERE clause (pasted in place of the braces, on
-- a read-only connection), a window the interval overlaps, a source and a run; the `$limit`
-- most confident of them, plus `matched`, how many passed the filters before the limit.
-- The comment lines are dropped before running, so DuckDB's "LINE 1" is the analyst's filter.
WITH chosen AS (SELECT * FROM timeline WHERE {where}
)
SELECT t.*, count(*) OVER () AS matched
FROM chosen AS t
WHERE t.earliest IS NOT NULL AND t.latest IS NOT NULL
  AND ($window_start IS NULL OR t.latest > $window_start)
  AND ($window_end IS NULL OR t.earliest < $window_end)
  AND ($source IS NULL OR t.source = $source)
  AND ($run_id IS NULL OR t.article_id IN (SELECT id FROM articles WHERE run_id = $run_id))
ORDER BY t.confidence DESC NULLS LAST, t.earliest, t.latest, t.article_id, t.event_index
LIMIT $limit
