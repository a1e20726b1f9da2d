-- `timeline rejects`: reject reasons, whole and uncut, grouped with how often each occurred,
-- of one run when $run_id is given, else of every run; one example location per group.
SELECT
    count(*) AS rejects,
    stage,
    source,
    min(location) AS example,
    reason
FROM rejects
WHERE $run_id IS NULL OR run_id = $run_id
GROUP BY reason, stage, source
ORDER BY rejects DESC, reason, stage, source
LIMIT $limit
