-- Content hashes of the asked ids ($ids, a list parameter) that the warehouse already holds.
SELECT a.id, a.content_hash
FROM articles AS a
SEMI JOIN (SELECT unnest($ids) AS id) AS q ON q.id = a.id
