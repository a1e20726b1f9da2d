-- Whether the warehouse recorded a run with this id.
SELECT count(*) > 0 FROM runs WHERE run_id = $run_id
