-- Content hashes of the asked ids ($ids, a list) that the warehouse already holds. A list
-- parameter rather than a registered Arrow table: a rerun that loads nothing never imports pyarrow.
SELECT a.id, a.content_hash
FROM articles AS a
SEMI JOIN (SELECT unnest($ids) AS id) AS q ON q.id = a.id
