-- The run and timestamp every row written by this batch carries.
CREATE OR REPLACE TEMP TABLE load_context AS
SELECT $run_id::VARCHAR AS run_id, $loaded_at::TIMESTAMPTZ AS loaded_at
