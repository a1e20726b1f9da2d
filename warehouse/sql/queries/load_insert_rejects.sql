-- A reject already recorded (same stage, location, reason and payload) is not written again,
-- so reloading a batch adds no rows here either.
INSERT INTO rejects (source, location, reason, payload, stage, run_id, rejected_at)
SELECT r.source, r.location, r.reason, r.payload, r.stage, c.run_id, c.loaded_at
FROM batch_rejects AS r
CROSS JOIN load_context AS c
WHERE NOT EXISTS (
    SELECT 1
    FROM rejects AS old
    WHERE old.stage IS NOT DISTINCT FROM r.stage
        AND old.location IS NOT DISTINCT FROM r.location
        AND old.reason = r.reason
        AND old.payload IS NOT DISTINCT FROM r.payload
)
