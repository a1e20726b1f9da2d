-- Each batch article is new (id never seen), unchanged (same content hash) or changed.
CREATE OR REPLACE TEMP TABLE batch_status AS
WITH hashed AS (
    SELECT id, article_hash(title, text, published, source, url) AS content_hash
    FROM batch_articles
)
SELECT
    h.id,
    h.content_hash,
    CASE
        WHEN a.id IS NULL THEN 'new'
        WHEN a.content_hash = h.content_hash THEN 'unchanged'
        ELSE 'changed'
    END AS status
FROM hashed AS h
LEFT JOIN articles AS a ON a.id = h.id
