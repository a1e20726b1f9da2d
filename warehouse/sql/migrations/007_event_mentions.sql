-- Version 7: an event is an event mention (issue 11). `events` gains the trigger's offsets in
-- the article's document text and its TimeML attributes, the bounds of a multi-day event's
-- beginning and end, what the interval was read from (`anchor`, `anchor_text`) and where the
-- event lies against the publication day (`when_relative`: past, present or future).
-- `earliest`/`latest` may now be null: an open side ("before X", "still going on").
-- Rows written before this version were all dated by a temporal expression: they get
-- anchor = 'timex', `multi_day` and `when_relative` from their interval, and no trigger.
-- `timeline` keeps its columns, in their order, and gains the new ones after them.

ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN "trigger" VARCHAR;
ALTER TABLE events ADD COLUMN event_class VARCHAR;
ALTER TABLE events ADD COLUMN tense VARCHAR;
ALTER TABLE events ADD COLUMN aspect VARCHAR;
ALTER TABLE events ADD COLUMN polarity VARCHAR;
ALTER TABLE events ADD COLUMN modality VARCHAR;
ALTER TABLE events ADD COLUMN multi_day BOOLEAN;
ALTER TABLE events ADD COLUMN begin_earliest DATE;
ALTER TABLE events ADD COLUMN begin_latest DATE;
ALTER TABLE events ADD COLUMN end_earliest DATE;
ALTER TABLE events ADD COLUMN end_latest DATE;
ALTER TABLE events ADD COLUMN anchor VARCHAR;
ALTER TABLE events ADD COLUMN anchor_text VARCHAR;
ALTER TABLE events ADD COLUMN when_relative VARCHAR;

-- The same rule as `transforms.events.timing.EventTime.when_relative`: over before the
-- publication day is past, begun after it is future, anything else (or open) is present.
UPDATE events AS e
SET
    anchor = 'timex',
    anchor_text = e.timex_text,
    multi_day = e.latest - e.earliest > 1,
    when_relative = CASE
        WHEN e.latest IS NOT NULL AND e.latest <= a.published THEN 'past'
        WHEN e.earliest IS NOT NULL AND e.earliest >= a.published + 1 THEN 'future'
        ELSE 'present'
    END
FROM articles AS a
WHERE a.id = e.article_id;

CREATE OR REPLACE VIEW timeline_unordered AS
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
    e.event_index,
    e.when_relative,
    e."trigger",
    e.trigger_start,
    e.trigger_end,
    e.event_class,
    e.tense,
    e.aspect,
    e.polarity,
    e.modality,
    e.multi_day,
    e.begin_earliest,
    e.begin_latest,
    e.end_earliest,
    e.end_latest,
    e.anchor,
    e.anchor_text,
    e.timex_index
FROM events AS e
JOIN articles AS a ON a.id = e.article_id;

CREATE OR REPLACE VIEW timeline AS
SELECT * FROM timeline_unordered
ORDER BY earliest, published, article_id, event_index;
