-- The timeline rows a chart can draw (`timeline plot`, the flow's timeline artifact), passing the
-- analyst's WHERE clause (pasted in place of {where}, on a read-only connection), of a source and
-- of articles written by a run. `scoped` also holds the open-sided rows (a bound null: "before
-- X", "still going on", or not placed at all), which a chart does not draw but counts;
-- `drawable` has both bounds and overlaps the window. A CTE that timeline_events.sql and
-- timeline_events_count.sql begin with.
WITH chosen AS (SELECT * FROM timeline_unordered WHERE {where}
),
scoped AS (
    SELECT *
    FROM chosen AS t
    WHERE ($window_start IS NULL OR t.latest IS NULL OR t.latest > $window_start)
      AND ($window_end IS NULL OR t.earliest IS NULL OR t.earliest < $window_end)
      AND ($source IS NULL OR t.source = $source)
      AND ($run_id IS NULL OR t.article_id IN (SELECT id FROM articles WHERE run_id = $run_id))
),
drawable AS (
    SELECT * FROM scoped WHERE earliest IS NOT NULL AND latest IS NOT NULL
)
