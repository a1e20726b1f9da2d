INSERT INTO runs (run_id, flow_run_id, sources, started_at, status, host, pid, process_started)
VALUES ($run_id, $flow_run_id, $sources, $started_at, 'running', $host, $pid, $process_started)
