-- `timeline runs`: the most recent runs first, with how they ended, how long they took and
-- the flow's counts (NULL while a run is still going or when it died before finishing; a
-- stage the flow did not count is 0).
SELECT
    run_id,
    started_at,
    status,
    round(epoch(finished_at) - epoch(started_at), 1) AS seconds,
    CASE WHEN counts IS NOT NULL THEN coalesce(TRY_CAST(counts ->> 'read' AS BIGINT), 0) END
        AS "read",
    CASE WHEN counts IS NOT NULL THEN coalesce(TRY_CAST(counts ->> 'rejected' AS BIGINT), 0) END
        AS rejected,
    articles_new AS new,
    articles_changed AS changed,
    events_loaded AS events,
    array_to_string(sources, ', ') AS sources
FROM runs
ORDER BY started_at DESC, run_id DESC
LIMIT $limit
