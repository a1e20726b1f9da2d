-- Only new or changed articles get events: reloading an unchanged article adds none (the same
-- anti join as load_insert_timexes.sql: validation already tied every event to a batch article).
INSERT INTO events BY NAME
SELECT e.*
FROM batch_events AS e
ANTI JOIN (SELECT id FROM batch_status WHERE status = 'unchanged') AS u ON u.id = e.article_id
