-- Only new or changed articles get events: reloading an unchanged article adds none.
INSERT INTO events BY NAME
SELECT e.*
FROM batch_events AS e
SEMI JOIN batch_status AS s ON s.id = e.article_id AND s.status IN ('new', 'changed')
