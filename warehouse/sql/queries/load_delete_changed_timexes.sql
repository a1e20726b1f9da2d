-- A changed article's timexes are replaced wholesale by the batch's.
DELETE FROM timexes
WHERE article_id IN (SELECT id FROM batch_status WHERE status = 'changed')
