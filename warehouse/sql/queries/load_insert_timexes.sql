-- Only new or changed articles get timexes: reloading an unchanged article adds none.
INSERT INTO timexes BY NAME
SELECT t.*
FROM batch_timexes AS t
SEMI JOIN batch_status AS s ON s.id = t.article_id AND s.status IN ('new', 'changed')
