UPDATE runs
SET finished_at = $finished_at, status = $status, counts = $counts::JSON
WHERE run_id = $run_id
