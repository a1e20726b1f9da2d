-- Version 3: the analyst views. `timeline` gains url, sentence, the timex and its precision;
-- `daily` counts events per day (the day of `earliest`) and source.

CREATE OR REPLACE VIEW timeline AS
SELECT
    e.article_id,
    a.published,
    a.source,
    a.title,
    a.url,
    e.what AS event,
    e.sentence,
    e.timex_text,
    e.value,
    e.mod,
    e.earliest,
    e.latest,
    e.granularity,
    e.confidence,
    e.relation,
    e.latest - e.earliest AS width_days,
    a.language,
    e.event_index
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
ORDER BY e.earliest, a.published, e.article_id, e.event_index;

CREATE VIEW daily AS
SELECT
    earliest AS day,
    source,
    count(*) AS events,
    count(DISTINCT article_id) AS articles
FROM timeline
WHERE earliest IS NOT NULL
GROUP BY earliest, source
ORDER BY day, source;
