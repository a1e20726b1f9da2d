-- Seeing an unchanged article again only moves its last_seen.
UPDATE articles
SET last_seen = c.loaded_at
FROM batch_status AS s, load_context AS c
WHERE articles.id = s.id AND s.status = 'unchanged'
