-- A changed article's events are replaced wholesale by the batch's.
DELETE FROM events
WHERE article_id IN (SELECT id FROM batch_status WHERE status = 'changed')
