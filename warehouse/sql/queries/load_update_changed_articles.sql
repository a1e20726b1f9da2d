-- New content for changed articles; first_seen stays, the run that wrote the content moves.
UPDATE articles
SET
    source = b.source,
    url = b.url,
    published = b.published,
    title = b.title,
    text = b.text,
    language = b.language,
    content_hash = s.content_hash,
    last_seen = c.loaded_at,
    run_id = c.run_id
FROM batch_articles AS b, batch_status AS s, load_context AS c
WHERE articles.id = b.id AND s.id = b.id AND s.status = 'changed'
