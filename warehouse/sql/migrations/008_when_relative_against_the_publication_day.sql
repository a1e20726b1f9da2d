-- Version 8: `when_relative` reads an interval against the whole publication day, as
-- `transforms.events.timing.EventTime.when_relative` now does. Version 7 called everything that
-- touched the publication day "present", so a past-tense event dated "on or before publication"
-- and a future-tense one dated "on or after publication" were both present, and "what is
-- announced for later" missed most of what is. Present is now the publication day itself, an
-- interval running from before it to after it, or a multi-day event begun by the end of that day
-- and not ended before it; past ends by the end of that day and began before it; future starts
-- on or after it and runs beyond it. Rows of every version are recomputed.

UPDATE events AS e
SET
    when_relative = CASE
        WHEN e.earliest IS NULL AND e.latest IS NULL THEN 'present'
        WHEN e.multi_day AND e.end_earliest >= a.published
            AND e.begin_latest <= a.published + 1 THEN 'present'
        WHEN (e.latest IS NOT NULL AND e.latest <= a.published + 1)
            AND (e.earliest IS NULL OR e.earliest < a.published) THEN 'past'
        WHEN (e.latest IS NULL OR e.latest > a.published + 1)
            AND (e.earliest IS NOT NULL AND e.earliest >= a.published) THEN 'future'
        ELSE 'present'
    END
FROM articles AS a
WHERE a.id = e.article_id;
