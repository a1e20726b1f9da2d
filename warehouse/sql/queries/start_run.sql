INSERT INTO runs (run_id, flow_run_id, sources, started_at, status)
VALUES ($run_id, $flow_run_id, $sources, $started_at, 'running')
