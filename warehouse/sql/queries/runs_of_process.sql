-- Runs started by one process (host, pid and start time), with their status and flow run.
SELECT run_id, status, flow_run_id
FROM runs
WHERE host = $host AND pid = $pid AND process_started IS NOT DISTINCT FROM $process_started
