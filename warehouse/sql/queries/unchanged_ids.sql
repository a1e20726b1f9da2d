-- Ids of the batch's articles (registered as hash_input) stored with the same content hash.
SELECT h.id
FROM hash_input AS h
SEMI JOIN articles AS a
    ON a.id = h.id AND a.content_hash = article_hash(h.title, h.text, h.published, h.source, h.url)
