-- Version 5: `timeline_unordered` holds the timeline's rows without its ORDER BY. DuckDB sorts
-- a view's rows before an outer query sees them unless the outer filter is simple enough to
-- push below the sort, so a top-N or a count over `timeline` sorted every event first (the
-- flow's chart of a 100k-article run sorted 1.2M rows to draw 40). `timeline` keeps its order
-- for the analyst; `daily` and the chart queries read the unordered rows.

CREATE VIEW timeline_unordered AS
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
JOIN articles AS a ON a.id = e.article_id;

CREATE OR REPLACE VIEW timeline AS
SELECT * FROM timeline_unordered
ORDER BY earliest, published, article_id, event_index;

CREATE OR REPLACE VIEW daily AS
SELECT
    earliest AS day,
    source,
    count(*) AS events,
    count(DISTINCT article_id) AS articles
FROM timeline_unordered
WHERE earliest IS NOT NULL
GROUP BY earliest, source
ORDER BY day, source;
