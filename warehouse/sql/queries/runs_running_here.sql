-- Runs still `running` that were started by a process of this host, with that process.
SELECT run_id, pid, process_started
FROM runs
WHERE status = 'running' AND host = $host AND pid IS NOT NULL
