INSERT INTO articles
    (id, source, url, published, title, text, language, content_hash, first_seen, last_seen, run_id)
SELECT
    b.id, b.source, b.url, b.published, b.title, b.text, b.language,
    s.content_hash, c.loaded_at, c.loaded_at, c.run_id
FROM batch_articles AS b
JOIN batch_status AS s ON s.id = b.id AND s.status = 'new'
CROSS JOIN load_context AS c
