-- Give a run of this process its final status, replacing the one it has.
UPDATE runs
SET finished_at = coalesce(finished_at, $finished_at), status = $status
WHERE run_id = $run_id
