-- Close a run with its status and counts. A status already final (an interrupted run marked
-- by its own signal handler while the flow was still unwinding) is kept.
UPDATE runs
SET
    finished_at = coalesce(finished_at, $finished_at),
    status = CASE WHEN status = 'running' THEN $status ELSE status END,
    counts = $counts::JSON
WHERE run_id = $run_id
