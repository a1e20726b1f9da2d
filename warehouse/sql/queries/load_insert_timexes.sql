-- Only new or changed articles get timexes: reloading an unchanged article adds none. Every
-- batch timex belongs to a batch article (validation rejects the rest), so leaving out those of
-- unchanged articles keeps exactly the new and changed ones; in a bulk load of new articles the
-- left-out set is empty and the rows stream straight in.
INSERT INTO timexes BY NAME
SELECT t.*
FROM batch_timexes AS t
ANTI JOIN (SELECT id FROM batch_status WHERE status = 'unchanged') AS u ON u.id = t.article_id
