-- One row per input row; a plain projection keeps input order.
SELECT id, article_hash(title, text, published, source, url) AS content_hash
FROM hash_input
