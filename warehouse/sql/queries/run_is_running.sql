SELECT 1 FROM runs WHERE run_id = $run_id AND status = 'running'
