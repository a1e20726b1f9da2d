-- Close a run only while it is still `running` (a run already closed keeps its status).
UPDATE runs
SET finished_at = $finished_at, status = $status
WHERE run_id = $run_id AND status = 'running'
