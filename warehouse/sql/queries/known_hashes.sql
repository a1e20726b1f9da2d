-- Content hashes of the asked ids that the warehouse already holds.
SELECT a.id, a.content_hash
FROM articles AS a
SEMI JOIN asked_ids AS q ON q.id = a.id
